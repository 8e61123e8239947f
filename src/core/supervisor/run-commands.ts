import type { Limits, PauseReason, Run, StopReason } from '../../shared/records';
import type { Logger } from '../logger';
import type { RunChanges, RunsTable } from '../store/runs-table';
import type { LiveRun } from './live-run';
import { forgetCodexHome } from './run-finalizer';
import type { LiveRunRegistry } from './live-run-registry';
import type { RestartScheduler } from './restart-scheduler';
import type { LaunchMode } from './runner-launcher';

/** What a person's commands (and the engine's shutdown) do to runs that may have a process (DESIGN §4). */
export interface RunCommands {
  /** Stops a run: its process through the stop ladder, a pending restart, or at once when it has neither. */
  stop(runId: string, reason?: StopReason): Promise<Run>;
  /**
   * Asks a run to stop at its next gate, when the current iteration has finished ("Stop after this iteration");
   * a run with no process is between iterations already, so it stops at once.
   */
  stopAfterIteration(runId: string, reason?: StopReason): Promise<Run>;
  /** Asks a run to pause at its next gate (the current iteration finishes first); null when it has no process. */
  requestPause(runId: string, reason?: PauseReason): Run | null;
  /** Resumes a paused or crashed run under the same id, with raised limits when given; the gate decides again. */
  resume(runId: string, limits?: Limits): Run;
  /** Pauses every live run now (`shutdown`); each resumes later from its checkpoint. */
  pauseAllForShutdown(): Promise<Run[]>;
  /** Stops every live run and every pending restart, in parallel. */
  stopAll(reason?: StopReason): Promise<Run[]>;
  /** Whether the run has a process or a pending restart. */
  isLive(runId: string): boolean;
  liveRunIds(): string[];
  /** The pid of the run's runner process; null when it has none. */
  pidOf(runId: string): number | null;
  /** Resolves when the run has no process and no pending restart (ended or paused). */
  finished(runId: string): Promise<Run>;
}

export type RunCommandsDeps = Readonly<{
  runs: Pick<RunsTable, 'getRun'>;
  registry: LiveRunRegistry;
  restarts: RestartScheduler;
  log: Logger;
  now(): Date;
  update(runId: string, changes: RunChanges): Run;
  forceStop(state: LiveRun, reason: StopReason, detail: string): Promise<void>;
  launch(runId: string, mode: LaunchMode): void;
}>;

/** The commands over the registry and the restart scheduler; the process work is the supervisor's. */
export function createRunCommands(deps: RunCommandsDeps): RunCommands {
  const { registry, restarts, update, now } = deps;

  function storedRun(runId: string): Run {
    const row = deps.runs.getRun(runId);
    if (!row) throw new Error(`run ${runId} is not in the database`);
    return row.run;
  }

  function finished(runId: string): Promise<Run> {
    // A queued run has no process yet but has not finished either: it settles when it ends (or is taken out of the queue).
    if (!registry.has(runId) && !restarts.has(runId) && storedRun(runId).status !== 'queued') return Promise.resolve(storedRun(runId));
    return registry.whenSettled(runId);
  }

  async function stop(runId: string, reason: StopReason = 'user_stop'): Promise<Run> {
    restarts.cancel(runId);
    const state = registry.get(runId);
    if (!state) {
      const run = storedRun(runId);
      if (run.status === 'ended') return run;
      const ended = update(runId, { status: 'ended', stopReason: reason, pauseReason: null, endedAt: now().toISOString() });
      // A paused Codex run stopped: its private home (kept for the resume) goes now.
      forgetCodexHome(ended, deps.log);
      registry.settle(runId, ended);
      return ended;
    }
    const settled = finished(runId);
    update(runId, { status: 'stopping' });
    await deps.forceStop(state, reason, '');
    return settled;
  }

  /** A shutdown pause of one live run; a run whose outcome could not be stored is logged and left out. */
  async function pauseForShutdown(state: LiveRun): Promise<Run | null> {
    const settled = finished(state.runId);
    state.pauseOnExit = true;
    void deps.forceStop(state, 'user_stop', 'shutdown');
    try {
      return await settled;
    } catch (error) {
      deps.log.error(`run ${state.runId}: its shutdown pause could not be recorded`, error);
      return null;
    }
  }

  async function stopAfterIteration(runId: string, reason: StopReason = 'user_stop'): Promise<Run> {
    const state = registry.get(runId);
    if (!state || state.stopReason) return stop(runId, reason);
    state.stopRequested = reason;
    return update(runId, { detail: 'Stopping after the current iteration' });
  }

  return {
    stop,
    stopAfterIteration,
    requestPause(runId, reason = 'user') {
      const state = registry.get(runId);
      if (!state || state.stopReason) return null;
      state.pauseRequested = reason;
      return update(runId, { detail: 'Pausing after the current iteration' });
    },
    resume(runId, limits) {
      // A crashed run resumes like a paused one: from its checkpoint, under the same id.
      update(runId, { ...(limits ? { limits } : {}), stopReason: null, endedAt: null });
      deps.launch(runId, 'resume');
      return storedRun(runId);
    },
    async pauseAllForShutdown() {
      for (const runId of restarts.cancelAll()) {
        registry.settle(runId, update(runId, { status: 'paused', pauseReason: 'shutdown', detail: 'Autoloop was shut down during a restart' }));
      }
      const paused = await Promise.all(registry.all().map(pauseForShutdown));
      return paused.filter((run): run is Run => run !== null);
    },
    stopAll(reason = 'user_stop') {
      return Promise.all([...new Set([...registry.ids(), ...restarts.ids()])].map((runId) => stop(runId, reason)));
    },
    isLive: (runId) => registry.has(runId) || restarts.has(runId),
    liveRunIds: () => [...registry.ids()],
    pidOf: (runId) => registry.get(runId)?.connection.pid ?? null,
    finished,
  };
}
