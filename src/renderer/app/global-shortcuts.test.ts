import { describe, expect, it } from 'vitest';
import type { KeyPress } from '../ui/keyboard';
import { decideShortcut, SECOND_KEY_TIMEOUT_MS } from './global-shortcuts';

const press = (key: string, overrides: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  repeat: false,
  target: { tagName: 'BODY' },
  ...overrides,
});

describe('decideShortcut', () => {
  it('goes to a page with g then r, t, a or s', () => {
    const afterG = decideShortcut(press('g'), null, 1_000);
    expect(afterG).toEqual({ shortcut: null, isConsumed: true, awaitingSince: 1_000 });
    expect(decideShortcut(press('r'), 1_000, 1_200).shortcut).toEqual({ kind: 'navigate', route: { page: 'runs' } });
    expect(decideShortcut(press('t'), 1_000, 1_200).shortcut).toEqual({ kind: 'navigate', route: { page: 'templates' } });
    expect(decideShortcut(press('a'), 1_000, 1_200)).toEqual({
      shortcut: { kind: 'navigate', route: { page: 'approvals' } },
      isConsumed: true,
      awaitingSince: null,
    });
    expect(decideShortcut(press('s'), 1_000, 1_200).shortcut).toEqual({ kind: 'navigate', route: { page: 'settings' } });
  });

  it('forgets a g after the timeout, so a later a is left to the approvals page', () => {
    expect(decideShortcut(press('a'), 1_000, 1_000 + SECOND_KEY_TIMEOUT_MS + 1)).toEqual({ shortcut: null, isConsumed: false, awaitingSince: null });
  });

  it('uses up an unknown key after g', () => {
    expect(decideShortcut(press('x'), 1_000, 1_100)).toEqual({ shortcut: null, isConsumed: true, awaitingSince: null });
  });

  it('maps n, / and ?', () => {
    expect(decideShortcut(press('n'), null, 0).shortcut).toEqual({ kind: 'new_run' });
    expect(decideShortcut(press('/'), null, 0).shortcut).toEqual({ kind: 'focus_search' });
    expect(decideShortcut(press('?'), null, 0).shortcut).toEqual({ kind: 'help' });
  });

  it('never fires while typing or with a modifier held', () => {
    expect(decideShortcut(press('n', { target: { tagName: 'INPUT', type: 'text' } }), null, 0).isConsumed).toBe(false);
    expect(decideShortcut(press('n', { target: { isContentEditable: true } }), null, 0).isConsumed).toBe(false);
    expect(decideShortcut(press('n', { ctrlKey: true }), null, 0).isConsumed).toBe(false);
    expect(decideShortcut(press('g', { metaKey: true }), null, 0).isConsumed).toBe(false);
  });

  it('never fires in a field (a textarea, a select, a checkbox), a text widget, inside an editor, or while an input method composes', () => {
    const inEditor = { tagName: 'SPAN', closest: (selector: string) => (selector.startsWith('[contenteditable]') ? {} : null) };
    for (const target of [{ tagName: 'TEXTAREA' }, { tagName: 'SELECT' }, { tagName: 'DIV', getAttribute: () => 'textbox' }, inEditor]) {
      expect(decideShortcut(press('n', { target }), null, 0).isConsumed).toBe(false);
      expect(decideShortcut(press('g', { target }), null, 0).isConsumed).toBe(false);
    }
    expect(decideShortcut(press('n', { isComposing: true }), null, 0).isConsumed).toBe(false);
    // A checkbox or radio of a form is a field too: a stray letter there never leaves the page.
    expect(decideShortcut(press('n', { target: { tagName: 'INPUT', type: 'checkbox' } }), null, 0).isConsumed).toBe(false);
    expect(decideShortcut(press('g', { target: { tagName: 'INPUT', type: 'radio' } }), null, 0).isConsumed).toBe(false);
    // Outside them, on a button, the keys still work.
    expect(decideShortcut(press('n', { target: { tagName: 'BUTTON', getAttribute: () => null, closest: () => null } }), null, 0).shortcut).toEqual({
      kind: 'new_run',
    });
    expect(decideShortcut(press('n', { target: { tagName: 'INPUT', type: 'submit' } }), null, 0).shortcut).toEqual({ kind: 'new_run' });
  });
});
