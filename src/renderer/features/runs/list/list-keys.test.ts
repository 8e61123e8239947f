import { describe, expect, it } from 'vitest';
import type { KeyPress } from '../../../ui/keyboard';
import { listKeyAction, movedIndex } from './list-keys';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  repeat: false,
  target: null,
  ...more,
});

describe('listKeyAction', () => {
  it('moves with j/k and the arrows, and opens with Enter, on a row', () => {
    expect(['j', 'ArrowDown', 'k', 'ArrowUp', 'Enter', 'x'].map((key) => listKeyAction(press(key), true))).toEqual([
      'next',
      'next',
      'previous',
      'previous',
      'open',
      null,
    ]);
  });

  it('leaves keys alone off a row, with a modifier, mid-composition or in a field', () => {
    expect(listKeyAction(press('j'), false)).toBeNull();
    expect(listKeyAction(press('j', { ctrlKey: true }), true)).toBeNull();
    expect(listKeyAction(press('k', { isComposing: true }), true)).toBeNull();
    expect(listKeyAction(press('j', { target: { tagName: 'INPUT', type: 'search' } }), true)).toBeNull();
  });
});

describe('movedIndex', () => {
  it('steps and stops at both ends; from nothing it goes to the first row', () => {
    expect(movedIndex(0, 3, 'next')).toBe(1);
    expect(movedIndex(2, 3, 'next')).toBe(2);
    expect(movedIndex(0, 3, 'previous')).toBe(0);
    expect(movedIndex(-1, 3, 'previous')).toBe(0);
    expect(movedIndex(-1, 0, 'next')).toBe(-1);
  });
});
