import { isShortcutPress, type KeyPress } from '../ui/keyboard';
import type { Route } from './routes';

/** After `g`, the second key must follow within this time. */
export const SECOND_KEY_TIMEOUT_MS = 1_500;

/** What a shortcut anywhere in the window asks for. */
export type GlobalShortcut = Readonly<{ kind: 'navigate'; route: Route } | { kind: 'new_run' } | { kind: 'focus_search' } | { kind: 'help' }>;

/** The outcome of one key press: the shortcut (if any), whether the key was used up, and when a `g` started waiting. */
export type ShortcutDecision = Readonly<{ shortcut: GlobalShortcut | null; isConsumed: boolean; awaitingSince: number | null }>;

const GO_TO: Readonly<Record<string, Route>> = {
  r: { page: 'runs' },
  t: { page: 'templates' },
  a: { page: 'approvals' },
  s: { page: 'settings' },
};

/** The shortcuts as the help overlay lists them. */
export const SHORTCUT_HELP: ReadonlyArray<Readonly<{ keys: ReadonlyArray<string>; what: string }>> = [
  { keys: ['g', 'r'], what: 'Go to Runs' },
  { keys: ['g', 't'], what: 'Go to Templates' },
  { keys: ['g', 'a'], what: 'Go to Approvals' },
  { keys: ['g', 's'], what: 'Go to Settings' },
  { keys: ['n'], what: 'New run' },
  { keys: ['/'], what: 'Search on this page' },
  { keys: ['j', 'k'], what: 'Runs: next and previous run (also ↓ ↑)' },
  { keys: ['Enter'], what: 'Runs: open the run' },
  { keys: ['?'], what: 'Show this help' },
  { keys: ['Esc'], what: 'Close a dialog' },
];

const none = (awaitingSince: number | null = null): ShortcutDecision => ({ shortcut: null, isConsumed: false, awaitingSince });
const consumed = (shortcut: GlobalShortcut | null, awaitingSince: number | null = null): ShortcutDecision => ({ shortcut, isConsumed: true, awaitingSince });

/**
 * Pure: what a key press means to the whole window. `awaitingSince` is when a `g` was pressed
 * (null when none is waiting). Typing in a field and presses with Ctrl, Cmd or Alt are never shortcuts.
 */
export function decideShortcut(press: KeyPress, awaitingSince: number | null, nowMs: number): ShortcutDecision {
  if (!isShortcutPress(press)) return none();
  const isWaiting = awaitingSince !== null && nowMs - awaitingSince <= SECOND_KEY_TIMEOUT_MS;
  if (isWaiting) {
    const route = GO_TO[press.key];
    // The second key is used up either way: `g` then `a` must never also allow an approval.
    return route ? consumed({ kind: 'navigate', route }) : press.key === 'Shift' ? none(awaitingSince) : consumed(null);
  }
  if (press.repeat) return none();
  switch (press.key) {
    case 'g':
      return consumed(null, nowMs);
    case 'n':
      return consumed({ kind: 'new_run' });
    case '/':
      return consumed({ kind: 'focus_search' });
    case '?':
      return consumed({ kind: 'help' });
    default:
      return none();
  }
}
