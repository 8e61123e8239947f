import type { Run } from '../../shared/records';
import type { LiveRun } from './live-run';

/** The runs that have a process now, and who waits for each to settle (DESIGN §4). */
export interface LiveRunRegistry {
  /** Registers a run's new process; a run has at most one. */
  add(state: LiveRun): void;
  get(runId: string): LiveRun | undefined;
  has(runId: string): boolean;
  /** Forgets a process; a stale handle never removes its successor. */
  remove(state: LiveRun): void;
  all(): readonly LiveRun[];
  ids(): readonly string[];
  /** Resolves with the run once `settle` is called for it (its process gone, no restart pending). */
  whenSettled(runId: string): Promise<Run>;
  /** Tells everyone waiting for the run how it settled. */
  settle(runId: string, run: Run): void;
  /** Tells everyone waiting for the run that its outcome could not be recorded. */
  failSettle(runId: string, error: unknown): void;
}

type Waiter = Readonly<{ resolve(run: Run): void; reject(error: unknown): void }>;

/** An in-memory registry of live runs; owned by the supervisor. */
export function createLiveRunRegistry(): LiveRunRegistry {
  const live = new Map<string, LiveRun>();
  const waiters = new Map<string, Waiter[]>();

  function takeWaiters(runId: string): Waiter[] {
    const waiting = waiters.get(runId) ?? [];
    waiters.delete(runId);
    return waiting;
  }

  return {
    add(state) {
      if (live.has(state.runId)) throw new Error(`run ${state.runId} already has a process`);
      live.set(state.runId, state);
    },
    get: (runId) => live.get(runId),
    has: (runId) => live.has(runId),
    remove(state) {
      if (live.get(state.runId) === state) live.delete(state.runId);
    },
    all: () => [...live.values()],
    ids: () => [...live.keys()],
    whenSettled(runId) {
      return new Promise((resolve, reject) => waiters.set(runId, [...(waiters.get(runId) ?? []), { resolve, reject }]));
    },
    settle(runId, run) {
      for (const waiter of takeWaiters(runId)) waiter.resolve(run);
    },
    failSettle(runId, error) {
      for (const waiter of takeWaiters(runId)) waiter.reject(error);
    },
  };
}
