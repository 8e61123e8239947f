import { createStore, useStore } from 'zustand';
import type { Run, RunId } from '../../../shared/records';

/** Every run the window knows, as the engine last reported it. */
export type RunsState = Readonly<{
  byId: Readonly<Record<RunId, Run>>;
  /** Newest first, by `createdAt`. */
  order: ReadonlyArray<RunId>;
  loaded: boolean;
  /**
   * Counts pushed updates, and remembers the count at each run's last push. A fetched snapshot
   * loses to a push that arrived after it was asked for: pushes come in order, so that push is newer.
   */
  pushCount: number;
  pushedAt: Readonly<Record<RunId, number>>;
  /** When (wall clock, ms) the window last heard of each run changing: the runs list's "last activity". */
  touchedAt: Readonly<Record<RunId, number>>;
}>;

/** Before `runs.list` has answered. */
export const emptyRunsState: RunsState = { byId: {}, order: [], loaded: false, pushCount: 0, pushedAt: {}, touchedAt: {} };

const newestFirst =
  (byId: Readonly<Record<RunId, Run>>) =>
  (a: RunId, b: RunId): number => {
    const left = byId[a]?.createdAt ?? '';
    const right = byId[b]?.createdAt ?? '';
    return left === right ? b.localeCompare(a) : right.localeCompare(left);
  };

function withRun(state: RunsState, run: Run): Pick<RunsState, 'byId' | 'order'> {
  const byId = { ...state.byId, [run.id]: run };
  const order = run.id in state.byId ? state.order : [...state.order, run.id].sort(newestFirst(byId));
  return { byId, order };
}

/** Pure: the state after a `run.updated` push, heard at `nowMs`. */
export function applyRunUpdated(state: RunsState, run: Run, nowMs: number = Date.now()): RunsState {
  const pushCount = state.pushCount + 1;
  return {
    ...state,
    ...withRun(state, run),
    pushCount,
    pushedAt: { ...state.pushedAt, [run.id]: pushCount },
    touchedAt: { ...state.touchedAt, [run.id]: nowMs },
  };
}

const pushedSince = (state: RunsState, id: RunId, askedAt: number): boolean => (state.pushedAt[id] ?? -1) > askedAt;

/** Pure: the state after a `run.deleted` push; a list asked for before it cannot bring the run back. */
export function applyRunDeleted(state: RunsState, id: RunId): RunsState {
  const pushCount = state.pushCount + 1;
  const { [id]: _deleted, ...byId } = state.byId;
  return { ...state, byId, order: state.order.filter((known) => known !== id), pushCount, pushedAt: { ...state.pushedAt, [id]: pushCount } };
}

/** Pure: the state after one fetched run (`runs.get`, `runs.start`) asked for when `pushCount` was `askedAt`. */
export function applyRunFetched(state: RunsState, run: Run, askedAt: number): RunsState {
  return pushedSince(state, run.id, askedAt) ? state : { ...state, ...withRun(state, run) };
}

/** Pure: the state after `runs.list`, asked for when `pushCount` was `askedAt`. Runs pushed since then are kept as pushed. */
export function applyRunsListed(state: RunsState, runs: ReadonlyArray<Run>, askedAt: number): RunsState {
  const byId: Record<RunId, Run> = {};
  for (const run of runs) {
    // Deleted after the list was asked for: the push wins.
    if (!(pushedSince(state, run.id, askedAt) && !(run.id in state.byId))) byId[run.id] = run;
  }
  for (const [id, run] of Object.entries(state.byId)) {
    if (pushedSince(state, id, askedAt)) byId[id] = run;
  }
  return { ...state, byId, order: Object.keys(byId).sort(newestFirst(byId)), loaded: true };
}

/** The runs feature store (vanilla zustand, STYLE R17). */
export const runsStore = createStore<RunsState>()(() => emptyRunsState);

/** Called by the event router, never by components. */
export function receiveRunUpdated(run: Run): void {
  runsStore.setState((state) => applyRunUpdated(state, run), true);
}

/** Called by the event router when the engine deleted a run. */
export function receiveRunDeleted(id: RunId): void {
  runsStore.setState((state) => applyRunDeleted(state, id), true);
}

/** Records a fetched run; `askedAt` is `runsStore.getState().pushCount` read before the call was made. */
export function receiveRunFetched(run: Run, askedAt: number): void {
  runsStore.setState((state) => applyRunFetched(state, run, askedAt), true);
}

/** Records the result of `runs.list`; `askedAt` as for `receiveRunFetched`. */
export function receiveRunsListed(runs: ReadonlyArray<Run>, askedAt: number): void {
  runsStore.setState((state) => applyRunsListed(state, runs, askedAt), true);
}

/** Subscribe a component to the smallest slice it needs. */
export function useRunsStore<T>(selector: (state: RunsState) => T): T {
  return useStore(runsStore, selector);
}
