import { type BackoffOptions, type RestartPolicy, DEFAULT_BACKOFF, restartDelayMs, shouldRestart } from './restart-policy';

/** A restart the scheduler has planned for a crashed run. */
export type PlannedRestart = Readonly<{ attempt: number; delayMs: number }>;

/** Holds the restarts waiting for their backoff to pass (DESIGN §4: restart policy `on-crash`). */
export interface RestartScheduler {
  /** Plans the next process for a crashed run when its policy allows; null when it does not. */
  schedule(runId: string, policy: RestartPolicy, restartsSoFar: number): PlannedRestart | null;
  /** Drops a pending restart; false when there was none. */
  cancel(runId: string): boolean;
  /** Drops every pending restart and returns their run ids. */
  cancelAll(): readonly string[];
  has(runId: string): boolean;
  ids(): readonly string[];
}

export type RestartSchedulerDeps = Readonly<{
  backoff?: BackoffOptions;
  /** Starts the run's next process, resumed from its checkpoint; `attempt` counts from 1. */
  relaunch(runId: string, attempt: number): void;
  random?: () => number;
}>;

/** Keeps one timer per crashed run and relaunches it when the backoff has passed. */
export function createRestartScheduler(deps: RestartSchedulerDeps): RestartScheduler {
  const pending = new Map<string, NodeJS.Timeout>();

  function cancel(runId: string): boolean {
    const timer = pending.get(runId);
    if (!timer) return false;
    clearTimeout(timer);
    pending.delete(runId);
    return true;
  }

  return {
    schedule(runId, policy, restartsSoFar) {
      if (!shouldRestart(policy, restartsSoFar)) return null;
      cancel(runId);
      const delayMs = restartDelayMs(restartsSoFar, deps.backoff ?? DEFAULT_BACKOFF, deps.random);
      const attempt = restartsSoFar + 1;
      pending.set(
        runId,
        setTimeout(() => {
          pending.delete(runId);
          deps.relaunch(runId, attempt);
        }, delayMs),
      );
      return { attempt, delayMs };
    },
    cancel,
    cancelAll() {
      const ids = [...pending.keys()];
      ids.forEach(cancel);
      return ids;
    },
    has: (runId) => pending.has(runId),
    ids: () => [...pending.keys()],
  };
}
