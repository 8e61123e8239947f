import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../shared/records';
import type { Logger } from '../logger';
import type { RunChanges, RunRow } from '../store/runs-repository';
import { removeWorktreeAndBranch, worktreesFolder } from './create-worktree';
import { git, gitText } from './git';
import { branchExists, resolveCommit, worktreeGitDir } from './repo-info';
import { hasChanges, openWorktreeGit } from './worktree-git';

// Worktrees without orphans: the startup reconciliation and the retention of ended runs' worktrees.

export type LifecycleDeps = Readonly<{
  dataDir: string;
  listRuns(): RunRow[];
  update(runId: string, changes: RunChanges): Run;
  log: Logger;
}>;

/** The folders under `<data dir>/worktrees` (the temporary index files, dot-named, aside). */
export function worktreeFolders(dataDir: string): string[] {
  const folder = worktreesFolder(dataDir);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => join(folder, entry.name));
}

/** Whether git still knows the worktree at its recorded place, in a repository that is still there. */
async function worktreeIntact(run: Run): Promise<boolean> {
  const worktree = run.worktree;
  if (!worktree || !existsSync(worktree.path) || !existsSync(worktree.repoPath)) return false;
  try {
    return (await worktreeGitDir(worktree.repoPath, worktree.path)) !== null;
  } catch {
    return false;
  }
}

/**
 * At engine start: every active run's worktree that was deleted by hand (or whose repository moved) is pruned from
 * git's list and marked `missing` (its branch and commits stay); every folder under worktrees/ that belongs to no run is
 * reported (logged and returned), never deleted. Returns those orphan folders.
 */
export async function reconcileWorktrees(deps: LifecycleDeps): Promise<string[]> {
  const rows = deps.listRuns();
  for (const { run } of rows) {
    if (run.worktreeState !== 'active' || !run.worktree || (await worktreeIntact(run))) continue;
    if (existsSync(run.worktree.repoPath)) await git(['worktree', 'prune'], { cwd: run.worktree.repoPath, okCodes: [128] }).catch(() => undefined);
    deps.update(run.id, { worktreeState: 'missing' });
    deps.log.warn(`run ${run.id} (${run.name}): its worktree ${run.worktree.path} or repository ${run.worktree.repoPath} is gone; marked missing`);
  }
  const known = new Set(rows.filter(({ run }) => run.worktreeState === 'active').map(({ run }) => run.worktree?.path));
  const orphans = worktreeFolders(deps.dataDir).filter((folder) => !known.has(folder));
  for (const folder of orphans) {
    deps.log.warn(`${folder} belongs to no active run: look inside, then remove it by hand (git worktree remove) if nothing in it is needed`);
  }
  return orphans;
}

/** Whether the run's branch holds nothing the base does not: no commits past its base, or all of them merged into the base branch. */
async function nothingUnmerged(run: Run): Promise<boolean> {
  const worktree = run.worktree;
  if (!worktree || !(await branchExists(worktree.repoPath, worktree.branch))) return false;
  const wt = await openWorktreeGit(worktree);
  if (wt === null || (await hasChanges(wt))) return false;
  const tip = await resolveCommit(worktree.repoPath, `refs/heads/${worktree.branch}`);
  if (tip === null) return false;
  if (Number(await gitText(['rev-list', '--count', `${worktree.baseCommit}..${tip}`], { cwd: worktree.repoPath })) === 0) return true;
  const baseTip = await resolveCommit(worktree.repoPath, `refs/heads/${worktree.baseRef}`);
  if (baseTip === null) return false;
  return (await git(['merge-base', '--is-ancestor', tip, baseTip], { cwd: worktree.repoPath, okCodes: [1] })).code === 0;
}

/**
 * Removes the worktree and branch of runs that ended more than `days` ago when nothing in them is unmerged; a worktree with
 * unmerged changes is never removed (only the person's merge or discard removes it). Returns the runs whose worktree went.
 */
export async function enforceWorktreeRetention(deps: LifecycleDeps, days: number, now: Date): Promise<string[]> {
  const cutoff = now.getTime() - days * 86_400_000;
  const removed: string[] = [];
  for (const { run } of deps.listRuns()) {
    if (run.worktreeState !== 'active' || run.status !== 'ended' || !run.worktree || !run.endedAt || Date.parse(run.endedAt) > cutoff) continue;
    try {
      if (!(await nothingUnmerged(run))) continue;
      await removeWorktreeAndBranch(run.worktree.repoPath, run.worktree.path, run.worktree.branch);
      deps.update(run.id, { worktreeState: 'removed' });
      removed.push(run.id);
      deps.log.info(`run ${run.id}: removed its worktree (ended over ${days} days ago, nothing unmerged)`);
    } catch (error) {
      deps.log.error(`run ${run.id}: the worktree retention could not check or remove its worktree`, error);
    }
  }
  return removed;
}
