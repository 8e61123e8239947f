import { isShortcutPress, isTypingTarget, type KeyPress } from '../../ui/keyboard';

export { isTypingTarget, type KeyPress };

/** What a key press on the approvals page asks for. */
export type ApprovalKeyAction = 'allow_once' | 'allow_run' | 'deny' | 'next' | 'previous';

const ACTIONS: Readonly<Record<string, ApprovalKeyAction>> = {
  a: 'allow_once',
  r: 'allow_run',
  d: 'deny',
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
};

const isMove = (action: ApprovalKeyAction): boolean => action === 'next' || action === 'previous';

/**
 * Pure: the shortcut a key press means, or null: typing in a field, a modifier held, an unbound
 * key, or a held-down answer key (auto-repeat must not answer request after request).
 */
export function approvalKeyAction(press: KeyPress): ApprovalKeyAction | null {
  if (!isShortcutPress(press)) return null;
  const action = ACTIONS[press.key] ?? null;
  if (action === null || (press.repeat && !isMove(action))) return null;
  return action;
}

/** The selection on the approvals page: the request's id, and where it was, for when it leaves the list. */
export type ApprovalSelection = Readonly<{ id: string | null; index: number }>;

/**
 * Pure: the index selected in `ids`. The selected request while it is there; once it is answered,
 * the one that took its place (so `a`, `a`, `a` works through the list); -1 for an empty list.
 */
export function selectedIndex(ids: ReadonlyArray<string>, selection: ApprovalSelection): number {
  if (ids.length === 0) return -1;
  const found = selection.id === null ? -1 : ids.indexOf(selection.id);
  if (found !== -1) return found;
  return Math.min(Math.max(selection.index, 0), ids.length - 1);
}

/** Pure: the selection after moving `by` steps (stops at both ends). */
export function moveSelection(ids: ReadonlyArray<string>, selection: ApprovalSelection, by: number): ApprovalSelection {
  const current = selectedIndex(ids, selection);
  if (current === -1) return { id: null, index: 0 };
  const index = Math.min(Math.max(current + by, 0), ids.length - 1);
  return { id: ids[index] ?? null, index };
}
