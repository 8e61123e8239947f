import { existsSync } from 'node:fs';
import type { Iteration } from '../../shared/records';
import { messageOf } from '../../shared/errors';
import type { Logger } from '../logger';
import type { RunsRepository } from '../store/runs-repository';
import { commitAll, hasChanges, iterationMessage, openWorktreeGit } from './worktree-git';

export type IterationCommitsDeps = Readonly<{
  runs: Pick<RunsRepository, 'getRun' | 'getIteration' | 'listIterations' | 'setCommit'>;
  /** Tells every window an iteration changed (its commit is known now). */
  publishIteration(iteration: Iteration): void;
  /** A line in the run's log. */
  notice(runId: string, kind: 'notice' | 'error', message: string): void;
  log: Logger;
}>;

/** An iteration is a commit: the engine commits each finished iteration's changes in the run's worktree. */
export interface IterationCommits {
  /** Queues the commit of iteration `n`'s changes (`Iteration N: <summary>`); nothing changed, no commit. */
  iterationDone(runId: string, n: number, summary: string): void;
  /** Resolves when every queued commit of the run is made (the next gate waits for it: the agent does not touch files meanwhile). */
  committed(runId: string): Promise<void>;
  /**
   * After the runner is gone, and before a resume or a merge: commits what no finished iteration did, as
   * `Iteration N (interrupted)`, so partial changes are never lost and never mixed into the next iteration's commit.
   */
  settle(runId: string): Promise<void>;
}

export function createIterationCommits(deps: IterationCommitsDeps): IterationCommits {
  const { runs, log } = deps;
  const queues = new Map<string, Promise<void>>();

  function enqueue(runId: string, task: () => Promise<void>): Promise<void> {
    const next = (queues.get(runId) ?? Promise.resolve()).then(task).catch((error: unknown) => {
      log.error(`run ${runId}: committing its worktree failed`, error);
      deps.notice(runId, 'error', `Could not commit the worktree's changes: ${messageOf(error)}. They stay in the worktree.`);
    });
    queues.set(runId, next);
    void next.then(() => queues.get(runId) === next && queues.delete(runId));
    return next;
  }

  /** Commits the worktree's changes with `message` and records the commit on iteration `n`; false when the run has no worktree. */
  async function commit(runId: string, n: number, message: (iteration: Iteration | null) => string | null): Promise<void> {
    const row = runs.getRun(runId);
    const worktree = row?.run.worktree;
    if (!row || !worktree || row.run.worktreeState !== 'active' || !existsSync(worktree.path)) return;
    const wt = await openWorktreeGit(worktree);
    if (wt === null) return;
    const text = message(runs.getIteration(runId, n));
    if (text === null || !(await hasChanges(wt, row.worktreeExclude))) return;
    const id = await commitAll(wt, text, row.worktreeExclude);
    if (id === null) return;
    runs.setCommit(runId, n, id);
    const iteration = runs.getIteration(runId, n);
    if (iteration) deps.publishIteration(iteration);
  }

  return {
    iterationDone(runId, n, summary) {
      void enqueue(runId, () => commit(runId, n, () => iterationMessage(n, summary)));
    },
    committed: (runId) => queues.get(runId) ?? Promise.resolve(),
    settle(runId) {
      return enqueue(runId, async () => {
        const last = runs.listIterations(runId).at(-1);
        if (!last) return;
        const finished = last.status !== 'running' && last.status !== 'interrupted';
        await commit(runId, last.n, () =>
          finished
            ? `Changes after iteration ${last.n}\n\nMade after the iteration was committed (by a process it left running).\n`
            : iterationMessage(last.n, '', true),
        );
      });
    },
  };
}
