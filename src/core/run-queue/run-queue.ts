import type { Run, RunStatus } from '../../shared/records';
import { ApiFailure } from '../api-failure';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { RunChanges, RunsTable } from '../store/runs-table';
import { type ConcurrencyCaps, decideAdmission, fitsUnderCaps, providerOf } from './decide-admission';

/** Statuses that hold a place under the concurrency caps: the run has a process or is about to get one. */
const HOLDS_A_PLACE: ReadonlyArray<RunStatus> = ['starting', 'running', 'waiting_approval', 'stopping'];

/** The concurrency cap for every run (issue #21): a fresh start over the cap waits as `queued` and starts, in order, as others end. */
export interface RunQueue {
  /** Launches a stored run now when it fits under the caps; else it becomes `queued`. Returns the run as stored. */
  submit(runId: string): Run;
  /** "Run anyway": starts a queued run now, whatever the caps. */
  startNow(runId: string): Run;
  /** Takes a queued run out of the queue: it ends as `user_stop` without having started. */
  remove(runId: string): Run;
  /** Starts the queued runs that fit now (at start, after a run let go of its place, after the caps changed). */
  drain(): void;
  dispose(): void;
}

export type RunQueueDeps = Readonly<{
  runs: Pick<RunsTable, 'getRun' | 'listRunsWithStatus'>;
  bus: EventBus;
  log: Logger;
  caps(): ConcurrencyCaps;
  now(): Date;
  update(runId: string, changes: RunChanges): Run;
  launchFresh(runId: string): void;
}>;

export function createRunQueue(deps: RunQueueDeps): RunQueue {
  const { runs } = deps;
  let draining = false;
  let disposed = false;

  /** The providers of the runs holding a place, leaving out `except` (a run being submitted is stored `starting` already). */
  const activeProviders = (except?: string): string[] =>
    runs
      .listRunsWithStatus(HOLDS_A_PLACE)
      .filter((row) => row.run.id !== except)
      .map((row) => providerOf(row.run.model));
  const queued = (): Run[] =>
    runs
      .listRunsWithStatus(['queued'])
      .map((row) => row.run)
      .toSorted((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt)));

  function requireQueued(runId: string): Run {
    const run = runs.getRun(runId)?.run;
    if (!run) throw new ApiFailure('not_found', `There is no run ${runId}`);
    if (run.status !== 'queued') throw new ApiFailure('conflict', `The run "${run.name}" is ${run.status}, not queued`);
    return run;
  }

  function launch(run: Run, detail: string | null): Run {
    deps.update(run.id, { status: 'starting', detail });
    deps.launchFresh(run.id);
    return runs.getRun(run.id)?.run ?? run;
  }

  function drain(): void {
    // A launch publishes run.updated, which may call drain again: one pass at a time.
    if (draining || disposed) return;
    draining = true;
    try {
      const waiting = queued();
      if (waiting.length === 0) return;
      const admitted = decideAdmission({
        caps: deps.caps(),
        activeProviders: activeProviders(),
        queue: waiting.map((run) => ({ id: run.id, provider: providerOf(run.model) })),
      });
      for (const id of admitted) {
        const run = waiting.find((candidate) => candidate.id === id);
        if (run) launch(run, null);
      }
    } catch (error) {
      deps.log.error('starting queued runs failed', error);
    } finally {
      draining = false;
    }
  }

  // A run that ends or pauses lets go of its place: the next queued runs may start.
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type === 'run.updated' && (event.run.status === 'ended' || event.run.status === 'paused')) setImmediate(drain);
  });

  return {
    submit(runId) {
      const run = runs.getRun(runId)?.run;
      if (!run) throw new Error(`run ${runId} is not in the database`);
      // Runs queued before keep their turn: a new one goes behind them even when a place is free.
      if (queued().length === 0 && fitsUnderCaps(deps.caps(), activeProviders(runId), providerOf(run.model))) return launch(run, null);
      const queuedRun = deps.update(runId, { status: 'queued', detail: 'Waiting for a free place under the concurrency cap' });
      setImmediate(drain);
      return queuedRun;
    },
    startNow(runId) {
      return launch(requireQueued(runId), 'Started ahead of the queue by a person');
    },
    remove(runId) {
      requireQueued(runId);
      const ended = deps.update(runId, {
        status: 'ended',
        stopReason: 'user_stop',
        detail: 'Removed from the queue before it started',
        endedAt: deps.now().toISOString(),
      });
      setImmediate(drain);
      return ended;
    },
    drain,
    dispose() {
      disposed = true;
      unsubscribe();
    },
  };
}
