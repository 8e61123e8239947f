import type { ApiPushEvent } from '../../shared/api';
import type { Unsubscribe } from '../../shared/channel';
import type { Approval, Run } from '../../shared/records';
import type { EventBus } from '../../core/events/event-bus';
import { EMPTY_SHELL_STATE, type ShellState, applyPushEvent, shellStateFrom } from './shell-state';

/** A change of the shell state: the event that caused it (null for the first load) and the state before it. */
export type ShellStateChange = Readonly<{ state: ShellState; before: ShellState; event: ApiPushEvent | null }>;

/** The shell state kept current from the engine's API and bus, for the tray, notifications and dialogs. */
export type ShellStateFeed = Readonly<{
  current(): ShellState;
  /** Called after every change; events that change nothing are passed on too (notifications need some of them). */
  subscribe(listener: (change: ShellStateChange) => void): Unsubscribe;
  /** Settles when the first load is applied (or failed and was reported). */
  loaded: Promise<void>;
  dispose(): void;
}>;

/** Where the feed's state comes from: the engine's bus and its API. */
export type ShellStateSource = Readonly<{
  bus: EventBus;
  /** What `runs.list` and `approvals.list` (pending) answer. */
  load(): Promise<Readonly<{ runs: ReadonlyArray<Run>; approvals: ReadonlyArray<Approval> }>>;
  onLoadError(error: unknown): void;
}>;

/**
 * What both feeds (this engine's, a remote engine's) share: the state, its listeners, and the replay of events that
 * arrive while a load is in flight over what it loaded, so none is lost and none is applied to a stale list.
 */
export function createFeedState(): Readonly<{
  current(): ShellState;
  subscribe: ShellStateFeed['subscribe'];
  /** Applies a pushed event now, or after the load in flight. */
  receive(event: ApiPushEvent): void;
  /** A load starts: events wait for it. */
  loading(): void;
  /** The load is done: its state with the waiting events replayed over it. */
  loadedAs(loadedState: ShellState): void;
  clear(): void;
}> {
  let state = EMPTY_SHELL_STATE;
  let pending: ApiPushEvent[] | null = null;
  const listeners = new Set<(change: ShellStateChange) => void>();
  const emit = (change: ShellStateChange): void => {
    for (const listener of [...listeners]) listener(change);
  };
  return {
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    receive(event) {
      if (pending) return void pending.push(event);
      const before = state;
      state = applyPushEvent(state, event);
      emit({ state, before, event });
    },
    loading() {
      pending = [];
    },
    loadedAs(loadedState) {
      const replay = pending ?? [];
      pending = null;
      const before = state;
      state = replay.reduce(applyPushEvent, loadedState);
      emit({ state, before, event: null });
    },
    clear: () => listeners.clear(),
  };
}

/** Subscribes to the bus first, then loads (`createFeedState` replays what arrives meanwhile). */
export function createShellStateFeed(source: ShellStateSource): ShellStateFeed {
  const feed = createFeedState();
  feed.loading();
  const unsubscribe = source.bus.subscribe(feed.receive);
  const loaded = source
    .load()
    .then(
      ({ runs, approvals }) => shellStateFrom(runs, approvals),
      (error: unknown) => {
        source.onLoadError(error);
        return EMPTY_SHELL_STATE;
      },
    )
    .then(feed.loadedAs);
  return {
    current: feed.current,
    subscribe: feed.subscribe,
    loaded,
    dispose() {
      unsubscribe();
      feed.clear();
    },
  };
}
