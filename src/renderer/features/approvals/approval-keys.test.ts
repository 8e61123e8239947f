import { describe, expect, it } from 'vitest';
import { approvalKeyAction, isTypingTarget, moveSelection, selectedIndex } from './approval-keys';

const press = (key: string, overrides: Partial<Parameters<typeof approvalKeyAction>[0]> = {}) =>
  approvalKeyAction({ key, ctrlKey: false, metaKey: false, altKey: false, repeat: false, target: { tagName: 'BODY' }, ...overrides });

describe('approvalKeyAction', () => {
  it('maps a, r, d, j/k and the arrows', () => {
    expect(['a', 'r', 'd', 'j', 'k', 'ArrowDown', 'ArrowUp', 'x'].map((key) => press(key))).toEqual([
      'allow_once',
      'allow_run',
      'deny',
      'next',
      'previous',
      'next',
      'previous',
      null,
    ]);
  });

  it('never fires while typing, with a modifier, or for a held-down answer key', () => {
    expect(press('a', { target: { tagName: 'INPUT', type: 'text' } })).toBeNull();
    expect(press('a', { target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(press('a', { target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(press('a', { ctrlKey: true })).toBeNull();
    expect(press('d', { repeat: true })).toBeNull();
    expect(press('j', { repeat: true })).toBe('next');
  });
});

describe('isTypingTarget', () => {
  it('counts every field (text, select, checkbox), not buttons', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'submit' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('selection', () => {
  const ids = ['a', 'b', 'c'];

  it('follows the selected request, and falls to the one that took its place once it is answered', () => {
    expect(selectedIndex(ids, { id: null, index: 0 })).toBe(0);
    expect(selectedIndex(ids, { id: 'c', index: 0 })).toBe(2);
    expect(selectedIndex(['a', 'c'], { id: 'b', index: 1 })).toBe(1);
    expect(selectedIndex(['a'], { id: 'c', index: 2 })).toBe(0);
    expect(selectedIndex([], { id: 'a', index: 0 })).toBe(-1);
  });

  it('moves by one and stops at the ends', () => {
    expect(moveSelection(ids, { id: 'a', index: 0 }, 1)).toEqual({ id: 'b', index: 1 });
    expect(moveSelection(ids, { id: 'c', index: 2 }, 1)).toEqual({ id: 'c', index: 2 });
    expect(moveSelection(ids, { id: 'a', index: 0 }, -1)).toEqual({ id: 'a', index: 0 });
  });
});
