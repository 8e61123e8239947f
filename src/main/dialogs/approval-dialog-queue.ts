import type { MessageBoxOptions } from 'electron';
import type { Unsubscribe } from '../../shared/channel';
import type { ShellState } from '../shell-state/shell-state';
import type { ShellStateFeed } from '../shell-state/shell-state-feed';
import { type ApprovalDialogAnswer, approvalDialogAnswer, approvalDialogOptions } from './approval-dialog-options';

/** How this app's own engine is named in a dialog while remote engines are watched too. */
export const THIS_COMPUTER = 'this computer';

/** An engine's requests as the queue reads them: a shell feed (this app's own, or a remote engine's). */
export type DialogSource = Pick<ShellStateFeed, 'current' | 'subscribe'>;

export type ApprovalDialogQueueDeps = Readonly<{
  /** Whether a dialog may open now: the setting is on and there is a window to attach it to. */
  canShow(): boolean;
  /** Opens one native dialog; resolves with the pressed button's index. The signal closes it (the request was answered elsewhere). */
  show(options: MessageBoxOptions, signal: AbortSignal): Promise<number>;
  /** Answers a request on the engine that asked (null: this app's own). */
  decide(engine: string | null, approvalId: string, answer: ApprovalDialogAnswer): void;
}>;

/** The one approval-dialog queue of the desktop app: every engine's requests, one dialog at a time. */
export type ApprovalDialogQueue = Readonly<{
  /** Adds an engine's requests (null: this app's own); returns what removes them, closing its open dialog. */
  watch(engine: string | null, source: DialogSource): () => void;
  /** What waits, in order, as `engine/approvalId` (`-` for this app's own); the open one first. For tests and diagnostics. */
  pending(): string[];
  dispose(): void;
}>;

type Entry = Readonly<{ engine: string | null; approvalId: string }>;
const keyOf = (entry: Entry): string => `${entry.engine ?? '-'}/${entry.approvalId}`;
const isPending = (state: ShellState, approvalId: string): boolean => state.approvals.some((approval) => approval.id === approvalId);

/**
 * Serialises the native approval dialogs of every engine (issue #25): one open at a time, in the order
 * the requests were first seen, whichever engine asked. Each dialog names its engine once remote
 * engines are watched ("On box: …", "On this computer: …") and its answer goes to that engine only. A
 * request answered elsewhere (the window, the tray, another client) closes its dialog without a
 * decision and leaves the queue; a request once shown is not asked again. Electron-free: `show` is
 * the glue (dialogs.ts).
 */
export function createApprovalDialogQueue(deps: ApprovalDialogQueueDeps): ApprovalDialogQueue {
  const sources = new Map<string | null, Readonly<{ source: DialogSource; unsubscribe: Unsubscribe }>>();
  /** Requests waiting for their dialog, oldest first. */
  let waiting: Entry[] = [];
  /** Requests already asked (or being asked), kept until they are no longer pending so they are not asked twice. */
  const asked = new Set<string>();
  let open: Readonly<{ entry: Entry; controller: AbortController }> | null = null;
  let disposed = false;

  const engineLabel = (engine: string | null): string | undefined =>
    engine !== null ? engine : [...sources.keys()].some((name) => name !== null) ? THIS_COMPUTER : undefined;

  const showNext = (): void => {
    if (disposed || open || !deps.canShow()) return;
    for (;;) {
      const entry = waiting.shift();
      if (!entry) return;
      const state = sources.get(entry.engine)?.source.current();
      const approval = state?.approvals.find((candidate) => candidate.id === entry.approvalId);
      if (!state || !approval) {
        asked.delete(keyOf(entry));
        continue;
      }
      const controller = new AbortController();
      const current = { entry, controller };
      open = current;
      const options = approvalDialogOptions(
        approval,
        state.runs.find((run) => run.id === approval.runId),
        engineLabel(entry.engine),
      );
      void deps.show(options, controller.signal).then(
        (response) => {
          if (open === current) open = null;
          // Closed because the request was answered elsewhere (or its engine removed): that close is not a denial.
          if (!controller.signal.aborted) deps.decide(entry.engine, entry.approvalId, approvalDialogAnswer(response));
          showNext();
        },
        () => {
          if (open === current) open = null;
          showNext();
        },
      );
      return;
    }
  };

  /** Brings the queue in step with one engine's requests: new ones join the end, answered ones leave (closing their dialog). */
  const sync = (engine: string | null): void => {
    const state = sources.get(engine)?.source.current();
    if (!state) return;
    if (open && open.entry.engine === engine && !isPending(state, open.entry.approvalId)) open.controller.abort();
    waiting = waiting.filter((entry) => entry.engine !== engine || isPending(state, entry.approvalId));
    for (const key of [...asked]) {
      const [name, ...rest] = key.split('/');
      if ((name === '-' ? null : name) === engine && !isPending(state, rest.join('/'))) asked.delete(key);
    }
    for (const approval of state.approvals) {
      const entry = { engine, approvalId: approval.id };
      if (asked.has(keyOf(entry))) continue;
      asked.add(keyOf(entry));
      waiting.push(entry);
    }
    showNext();
  };

  return {
    watch(engine, source) {
      sources.get(engine)?.unsubscribe();
      const unsubscribe = source.subscribe(() => sync(engine));
      sources.set(engine, { source, unsubscribe });
      sync(engine);
      return () => {
        const kept = sources.get(engine);
        if (kept?.source !== source) return;
        kept.unsubscribe();
        sources.delete(engine);
        waiting = waiting.filter((entry) => entry.engine !== engine);
        for (const key of [...asked]) if (key.startsWith(`${engine ?? '-'}/`)) asked.delete(key);
        if (open?.entry.engine === engine) open.controller.abort();
      };
    },
    pending: () => [...(open ? [keyOf(open.entry)] : []), ...waiting.map(keyOf)],
    dispose() {
      disposed = true;
      for (const { unsubscribe } of sources.values()) unsubscribe();
      sources.clear();
      waiting = [];
      open?.controller.abort();
    },
  };
}
