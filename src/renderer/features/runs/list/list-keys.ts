import { isShortcutPress, type KeyPress } from '../../../ui/keyboard';

/** What a key press on the runs list asks for. */
export type ListKeyAction = 'next' | 'previous' | 'open';

const ACTIONS: Readonly<Record<string, ListKeyAction>> = { j: 'next', ArrowDown: 'next', k: 'previous', ArrowUp: 'previous', Enter: 'open' };

/**
 * Pure: the list move a key press means, or null. Only for a press on a row itself (a button or link
 * inside it keeps its own keys), never with a modifier, mid-composition or while typing (`isShortcutPress`).
 */
export function listKeyAction(press: KeyPress, isOnRow: boolean): ListKeyAction | null {
  if (!isOnRow || !isShortcutPress(press)) return null;
  return ACTIONS[press.key] ?? null;
}

/** Pure: the row index after a move, stopping at both ends; -1 (nothing focused yet) moves to the first row. */
export function movedIndex(current: number, count: number, action: 'next' | 'previous'): number {
  if (count === 0) return -1;
  if (current < 0) return 0;
  return Math.min(Math.max(current + (action === 'next' ? 1 : -1), 0), count - 1);
}
