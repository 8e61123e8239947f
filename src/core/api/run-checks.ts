import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Run } from '../../shared/records';
import { ApiFailure } from '../api-failure';
import type { RunsRepository } from '../store/runs-repository';

/** The run with this id, or `not_found` for the caller. */
export function requireRun(runs: RunsRepository, id: string): Run {
  const row = runs.getRun(id);
  if (!row) throw new ApiFailure('not_found', `There is no run with the id ${id}`);
  return row.run;
}

/** Picks and checks the run's working folder: the given one must exist; none given gets a fresh folder. */
export function workdirFor(given: string | undefined, defaultWorkdir: string, runId: string): string {
  if (given === undefined) {
    const folder = join(defaultWorkdir, runId);
    mkdirSync(folder, { recursive: true });
    return folder;
  }
  const folder = resolve(given);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new ApiFailure('invalid_input', `The working folder ${folder} does not exist; create it or choose another`, { field: 'workdir' });
  }
  return folder;
}

/** A run with a worktree resumes only into it: a merged, discarded or missing one is refused with what to do. */
export function requireWorktreeToResume(run: Run): void {
  if (!run.worktree || run.worktreeState === 'active') return;
  const why =
    run.worktreeState === 'missing'
      ? `its worktree ${run.worktree.path} is gone (deleted by hand, or its repository moved); its commits are on the branch ${run.worktree.branch}: start a new run from that branch (--base ${run.worktree.branch})`
      : `its worktree was ${run.worktreeState ?? 'removed'}`;
  throw new ApiFailure('conflict', `The run "${run.name}" cannot resume: ${why}`);
}
