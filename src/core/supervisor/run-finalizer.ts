import type { Run } from '../../shared/records';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { ProcessExit } from '../runner-host/runner-host';
import type { IterationsTable } from '../store/iterations-table';
import type { RunChanges, RunsTable } from '../store/runs-table';
import type { LiveRun } from './live-run';
import type { LiveRunRegistry } from './live-run-registry';
import type { RestartScheduler } from './restart-scheduler';
import { killLeftoverGroups } from './leftover-groups';
import { decideOutcome } from './run-outcome';
import { removeCodexHome } from '../agents/codex-home';

/** An ended Codex run's private home (its threads) goes; a paused one keeps it for the resume. */
export function forgetCodexHome(run: Run, log: Logger): void {
  if (run.agent !== 'codex') return;
  try {
    removeCodexHome(run.id);
  } catch (error) {
    log.error(`run ${run.id}: its private Codex home could not be removed`, error);
  }
}

export type RunFinalizerDeps = Readonly<{
  runs: Pick<RunsTable, 'getRun'> & Pick<IterationsTable, 'listIterations' | 'saveIteration'>;
  bus: EventBus;
  registry: LiveRunRegistry;
  restarts: RestartScheduler;
  log: Logger;
  now(): Date;
  update(runId: string, changes: RunChanges): Run;
  /** Writes the run's buffered log lines now. */
  flushEvents(runId: string): void;
  /** Adds a line to the run's log at once. */
  notice(runId: string, kind: 'notice' | 'error', data: Record<string, unknown>): void;
  /** Resolves what the run still waits for: its process is gone, nobody will answer it. */
  cancelApprovals(runId: string, why: string): void;
}>;

/** Records how a runner process ended (DESIGN §4); the run's waiters hear of it once it is stored. */
export type RunFinalizer = (state: LiveRun, exit: ProcessExit) => void;

/** Builds the finalizer: classify the exit, store it, restart after a crash when the run's policy says so. */
export function createRunFinalizer(deps: RunFinalizerDeps): RunFinalizer {
  const { runs, log, now } = deps;

  function markInterruptedIterations(runId: string): void {
    for (const iteration of runs.listIterations(runId).filter((it) => it.status === 'running')) {
      const interrupted = { ...iteration, status: 'interrupted' as const, endedAt: now().toISOString() };
      runs.saveIteration(interrupted);
      deps.bus.publish({ type: 'run.iteration', iteration: interrupted });
    }
  }

  /** Plans a restart after a crash; true when one is pending. */
  function restartAfterCrash(state: LiveRun): boolean {
    const { runId } = state;
    const loop = runs.getRun(runId)?.loop;
    if (!loop) return false;
    const planned = deps.restarts.schedule(runId, { policy: loop.restartPolicy, maxRestarts: loop.maxRestarts }, state.restarts);
    if (!planned) {
      if (loop.restartPolicy === 'on-crash') deps.notice(runId, 'notice', { message: `The runner crashed and its ${loop.maxRestarts} restarts are used up` });
      return false;
    }
    const { attempt, delayMs } = planned;
    deps.update(runId, { status: 'starting', detail: `Crashed; restarting in ${(delayMs / 1000).toFixed(1)} s (restart ${attempt} of ${loop.maxRestarts})` });
    deps.notice(runId, 'notice', { message: `The runner crashed; restart ${attempt} of ${loop.maxRestarts} in ${delayMs} ms` });
    return true;
  }

  function finalize(state: LiveRun, exit: ProcessExit): void {
    const { runId } = state;
    killLeftoverGroups(state, log);
    deps.flushEvents(runId);
    markInterruptedIterations(runId);
    // Nothing stays pending for a run without a process: it never shows ended while it waits.
    deps.cancelApprovals(runId, 'the run stopped waiting: its process ended');
    const outcome = decideOutcome({ ...state, exit }, now().toISOString());
    deps.registry.remove(state);
    if (outcome.stopReason === 'crash' || outcome.stopReason === 'spawn_failed') {
      deps.notice(runId, 'error', { message: outcome.detail, exitCode: exit.code, signal: exit.signal, stderrTail: exit.stderrTail });
    }
    if (outcome.stopReason === 'crash' && restartAfterCrash(state)) return;
    const run = deps.update(runId, outcome);
    if (run.status === 'ended') forgetCodexHome(run, log);
    log.info(`run ${runId} ${run.status}${run.stopReason ? ` (${run.stopReason})` : ''}${run.pauseReason ? ` (${run.pauseReason})` : ''}`);
    deps.registry.settle(runId, run);
  }

  return (state, exit) => {
    try {
      finalize(state, exit);
    } catch (error) {
      // A failure here (a full disk, a damaged database) must not leave the run live or its waiters hanging.
      log.error(`run ${state.runId}: recording how its process ended (exit code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'}) failed`, error);
      deps.registry.remove(state);
      deps.registry.failSettle(state.runId, error);
    }
  };
}
