import type { Run } from '../../shared/records';
import type { MergeCheck, RunWorktree } from '../../shared/worktree';
import { ApiFailure } from '../api-failure';
import { git, gitText } from './git';
import { branchExists, headOf, requireRepo, resolveCommit, samePath } from './repo-info';
import { requireWorktree } from './run-diff';

/** Where the target branch is checked out: in the person's folder, in another worktree, or nowhere. */
export type TargetPlace = Readonly<{ kind: 'here' } | { kind: 'elsewhere'; path: string } | { kind: 'nowhere' }>;

/** What a merge needs to know besides the check: the commits on both sides and where the target lives. */
export type MergePlan = MergeCheck &
  Readonly<{ worktree: RunWorktree; targetCommit: string; tip: string; tree: string | null; place: TargetPlace; runIsLive: boolean }>;

/** Where `branch` is checked out among the repository's worktrees. */
async function placeOf(repo: string, branch: string): Promise<TargetPlace> {
  const list = await gitText(['worktree', 'list', '--porcelain'], { cwd: repo });
  for (const entry of list.split('\n\n')) {
    const lines = entry.split('\n');
    const path = lines.find((line) => line.startsWith('worktree '))?.slice('worktree '.length);
    if (path === undefined || !lines.includes(`branch refs/heads/${branch}`)) continue;
    return samePath(path, repo) ? { kind: 'here' } : { kind: 'elsewhere', path };
  }
  return { kind: 'nowhere' };
}

/** The branch to merge into: the one asked for, else the branch checked out in the person's folder. */
async function targetOf(repo: string, into: string | undefined): Promise<Readonly<{ branch: string } | { blocked: string }>> {
  if (into !== undefined) return { branch: into };
  const head = await headOf(repo);
  if (head.kind === 'detached') return { blocked: `${repo} has a detached HEAD: check out the branch to merge into, or name it (--into BRANCH)` };
  return { branch: head.branch };
}

/** Untracked files in the person's folder at paths the run's branch has and the target does not: `git merge` would refuse them. */
async function untrackedInTheWay(repo: string, targetCommit: string, tip: string): Promise<string[]> {
  const untracked = (await git(['ls-files', '--others', '--exclude-standard', '-z'], { cwd: repo })).stdout.split('\0').filter(Boolean);
  if (untracked.length === 0) return [];
  const added = (await git(['diff', '--name-only', '--no-ext-diff', '--diff-filter=A', '-z', targetCommit, tip, '--'], { cwd: repo })).stdout.split('\0');
  const incoming = new Set(added.filter(Boolean));
  return untracked.filter((file) => incoming.has(file));
}

function listFiles(files: ReadonlyArray<string>): string {
  return files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
}

/** Why the run's worktree cannot be merged at all (already merged, discarded…), or null. */
function stateRefusal(run: Run): string | null {
  switch (run.worktreeState) {
    case 'merged':
      return `The run "${run.name}" is already merged`;
    case 'discarded':
      return `The run "${run.name}" was discarded: its changes are gone`;
    case 'removed':
      return `The run "${run.name}" had nothing to merge: its worktree was removed after the retention period`;
    case 'active':
    case 'missing':
    case null:
      return null;
  }
}

/**
 * A dry-run merge of the run's branch into the target (`git merge-tree --write-tree`: no file, index or ref changes):
 * the conflicting files, and why a merge would be refused now (the run still going, a dirty folder, a branch checked out elsewhere).
 */
export async function planMerge(run: Run, runIsLive: boolean, into: string | undefined): Promise<MergePlan> {
  const worktree = requireWorktree(run);
  const refusal = stateRefusal(run);
  if (refusal !== null) throw new ApiFailure('conflict', refusal);
  requireRepo(worktree.repoPath);
  const repo = worktree.repoPath;
  if (!(await branchExists(repo, worktree.branch))) {
    throw new ApiFailure(
      'conflict',
      `The branch ${worktree.branch} of this run is gone from ${repo} (deleted by hand): there is nothing left to merge; discard the run`,
    );
  }
  const tip = (await resolveCommit(repo, `refs/heads/${worktree.branch}`)) ?? worktree.baseCommit;
  const target = await targetOf(repo, into);
  const branch = 'branch' in target ? target.branch : '';
  const targetCommit = branch === '' ? null : await resolveCommit(repo, `refs/heads/${branch}`);
  const blockers: string[] = [];
  if ('blocked' in target) blockers.push(target.blocked);
  else if (targetCommit === null) blockers.push(`There is no branch ${branch} in ${repo}: create it (git branch ${branch}) or merge into another`);
  if (runIsLive || run.status !== 'ended') blockers.push(`The run "${run.name}" is ${run.status}: stop it first, so its branch no longer changes`);
  const place = branch === '' ? ({ kind: 'nowhere' } as const) : await placeOf(repo, branch);
  if (place.kind === 'elsewhere') blockers.push(`${branch} is checked out in ${place.path}: merge there by hand, or choose another branch`);
  if (place.kind === 'here') {
    const dirty = await gitText(['status', '--porcelain', '--untracked-files=no'], { cwd: repo });
    if (dirty !== '') blockers.push(`${repo} has uncommitted changes on ${branch}: commit or stash them, then merge again`);
    else if (targetCommit !== null) {
      const inTheWay = await untrackedInTheWay(repo, targetCommit, tip);
      if (inTheWay.length > 0)
        blockers.push(`${repo} has untracked files the merge would overwrite (${listFiles(inTheWay)}): move them away, then merge again`);
    }
  }
  const files = (await gitText(['diff', '--name-only', '--no-ext-diff', worktree.baseCommit, tip, '--'], { cwd: repo })).split('\n').filter(Boolean).length;
  let conflicts: string[] = [];
  let tree: string | null = null;
  let commits = 0;
  if (targetCommit !== null) {
    commits = Number(await gitText(['rev-list', '--count', `${targetCommit}..${tip}`], { cwd: repo }));
    const dry = await git(['merge-tree', '--write-tree', '--name-only', '--no-messages', targetCommit, tip], { cwd: repo, okCodes: [1] });
    const [treeLine = '', ...rest] = dry.stdout.split('\n');
    tree = dry.code === 0 ? treeLine.trim() : null;
    conflicts = dry.code === 0 ? [] : rest.map((line) => line.trim()).filter(Boolean);
  }
  return {
    into: branch,
    commits,
    files,
    conflicts,
    blocked: blockers.length > 0 ? blockers.join('; ') : null,
    worktree,
    targetCommit: targetCommit ?? '',
    tip,
    tree,
    place,
    runIsLive,
  };
}

/** `runs.mergeCheck`: the plan as the API shows it. */
export function toMergeCheck(plan: MergePlan): MergeCheck {
  return { into: plan.into, commits: plan.commits, files: plan.files, conflicts: plan.conflicts, blocked: plan.blocked };
}
