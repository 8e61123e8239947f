import { existsSync } from 'node:fs';
import type { Iteration, Run } from '../../shared/records';
import type { RunDiff, RunWorktree } from '../../shared/worktree';
import { ApiFailure } from '../api-failure';
import { git } from './git';
import { toDiffFiles, parseRawAndNumstat } from './parse-diff';
import { branchExists, requireRepo, resolveCommit } from './repo-info';
import { hasChanges, openWorktreeGit } from './worktree-git';

/** Options every diff the engine reads runs with: no external diff or text conversion, plain a/ b/ prefixes, renames found. */
const DIFF_OPTIONS = ['--no-ext-diff', '--no-textconv', '--no-color', '--find-renames', '--src-prefix=a/', '--dst-prefix=b/'];

/** The run's worktree, or `conflict` for a run that works in its folder. */
export function requireWorktree(run: Run): RunWorktree {
  if (!run.worktree) {
    throw new ApiFailure('conflict', `The run "${run.name}" works directly in ${run.workdir} (isolation none): it has no branch to diff, merge or discard`);
  }
  return run.worktree;
}

/** The commit the run's branch is at now; after a merge that removed the branch, its last iteration's commit. */
export async function headCommitOf(worktree: RunWorktree, iterations: ReadonlyArray<Iteration>): Promise<string> {
  requireRepo(worktree.repoPath);
  if (await branchExists(worktree.repoPath, worktree.branch))
    return (await resolveCommit(worktree.repoPath, `refs/heads/${worktree.branch}`)) ?? worktree.baseCommit;
  return iterations.findLast((iteration) => iteration.commit !== null)?.commit ?? worktree.baseCommit;
}

/** The two commits an iteration's diff compares: the commit of the last iteration before it that changed something (else the base), and its own. */
function iterationRange(worktree: RunWorktree, iterations: ReadonlyArray<Iteration>, n: number): Readonly<{ base: string; head: string }> {
  const iteration = iterations.find((it) => it.n === n);
  if (!iteration) {
    const count = iterations.length;
    const has = count === 0 ? 'none yet' : count === 1 ? 'only iteration 1' : `iterations 1 to ${count}`;
    throw new ApiFailure('not_found', `The run has no iteration ${n} (it has ${has}): pick one of those, or leave the iteration out for the whole run`);
  }
  const before = iterations.filter((it) => it.n < n && it.commit !== null).at(-1)?.commit ?? worktree.baseCommit;
  // An iteration that changed nothing compares its starting point with itself: an empty diff.
  return { base: before, head: iteration.commit ?? before };
}

/** The structured diff between two commits of the run's repository, and the patch text when asked. */
export async function diffCommits(repo: string, base: string, head: string, patch: boolean): Promise<Pick<RunDiff, 'files' | 'patch'>> {
  const range = [base, head, '--'];
  const [raw, numstat, text] = await Promise.all([
    git(['diff', ...DIFF_OPTIONS, '--raw', '-z', ...range], { cwd: repo }),
    git(['diff', ...DIFF_OPTIONS, '--numstat', '-z', ...range], { cwd: repo }),
    git(['diff', ...DIFF_OPTIONS, ...range], { cwd: repo }),
  ]);
  const full = patch ? (await git(['diff', ...DIFF_OPTIONS, '--binary', '--full-index', ...range], { cwd: repo })).stdout : null;
  return { files: toDiffFiles(parseRawAndNumstat(raw.stdout, numstat.stdout), text.stdout), patch: full };
}

/** `runs.diff`: the whole run (its base..its branch) or one iteration (the commit before it..its commit). */
export async function runDiff(
  run: Run,
  exclude: ReadonlyArray<string>,
  iterations: ReadonlyArray<Iteration>,
  n: number | undefined,
  patch: boolean,
): Promise<RunDiff> {
  const worktree = requireWorktree(run);
  const head = await headCommitOf(worktree, iterations);
  const range = n === undefined ? { base: worktree.baseCommit, head } : iterationRange(worktree, iterations, n);
  for (const commit of [range.base, range.head]) {
    if ((await resolveCommit(worktree.repoPath, commit)) === null) {
      throw new ApiFailure(
        'conflict',
        `The commit ${commit.slice(0, 12)} of this run is no longer in ${worktree.repoPath} (its branch was deleted and git collected it)`,
      );
    }
  }
  const { files, patch: text } = await diffCommits(worktree.repoPath, range.base, range.head, patch);
  let uncommitted = false;
  if (run.worktreeState === 'active' && existsSync(worktree.path)) {
    const wt = await openWorktreeGit(worktree);
    uncommitted = wt !== null && (await hasChanges(wt, exclude));
  }
  return { base: range.base, head: range.head, iteration: n ?? null, files, uncommitted, patch: text };
}
