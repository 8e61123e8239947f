import type { Logger } from '../logger';
import type { RunsRepository } from '../store/runs-repository';
import type { ApprovalsRepository } from '../store/approvals-repository';

/**
 * At engine start no runner process exists yet, so every run that says it has one was interrupted
 * by a crash of the app or the machine: it becomes paused (`interrupted`), resumable with one click (DESIGN §4). Its
 * iteration in flight becomes `interrupted` too (a resume runs it again under the same number), as when a runner dies under a live engine.
 */
export function reconcileOnStartup(runs: RunsRepository, approvals: ApprovalsRepository, log: Logger): number {
  // An import is written in pieces behind a hidden row; one the last engine did not finish is removed, never shown.
  for (const id of runs.deleteUnfinishedImports()) log.warn(`removed the unfinished import of run ${id}: Autoloop stopped while writing it`);
  for (const approval of approvals.pending()) {
    approvals.resolve(approval.id, {
      status: 'cancelled',
      scope: null,
      reason: 'Autoloop stopped while the request was waiting; the run asks again when resumed',
      decidedBy: 'cancelled',
      decidedAt: new Date().toISOString(),
    });
  }
  const stale = runs.listRunsWithStatus(['starting', 'running', 'waiting_approval', 'stopping']);
  for (const { run } of stale) {
    runs.updateRun(run.id, { status: 'paused', pauseReason: 'interrupted', detail: `Was ${run.status} when Autoloop last stopped` });
    const endedAt = new Date().toISOString();
    for (const iteration of runs.listIterations(run.id).filter((it) => it.status === 'running'))
      runs.saveIteration({ ...iteration, status: 'interrupted', endedAt });
    log.warn(`run ${run.id} (${run.name}) was ${run.status} without a process; now paused (interrupted)`);
  }
  return stale.length;
}
