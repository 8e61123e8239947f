import { existsSync, rmSync } from 'node:fs';
import type { Iteration, Run } from '../../shared/records';
import { isResumable } from '../../shared/run-actions';
import type { MergeResult, MergeStrategy } from '../../shared/worktree';
import { ApiFailure } from '../api-failure';
import { removeWorktreeAndBranch } from './create-worktree';
import { AUTOLOOP_AUTHOR_ENV, AUTOLOOP_IDENTITY, GitError, git, gitText } from './git';
import { type MergePlan, planMerge } from './merge-check';
import { openWorktreeGit } from './worktree-git';

/** The squash commit's message: the run's name, where it came from, and each iteration's summary. */
export function squashMessage(run: Run, iterations: ReadonlyArray<Iteration>): string {
  const title = run.name.split('\n')[0]?.trim().slice(0, 100) || 'Autoloop run';
  const changed = iterations.filter((iteration) => iteration.commit !== null);
  const lines = changed.map((iteration) => `- Iteration ${iteration.n}: ${iteration.summary.trim().split('\n')[0]?.slice(0, 200) || 'no summary'}`);
  const branch = run.worktree?.branch ?? '';
  return `${title}\n\nAutoloop run ${run.id} (template ${run.template}), ${changed.length} of ${iterations.length} iterations changed files, from branch ${branch}.\n${lines.length > 0 ? `\n${lines.join('\n')}\n` : ''}`;
}

/** The person's identity commits to their branch with, if their git has one; Autoloop's otherwise. Authorship stays Autoloop's. */
async function committerEnv(repo: string): Promise<Record<string, string>> {
  const email = await git(['config', '--get', 'user.email'], { cwd: repo, okCodes: [1] });
  const name = await git(['config', '--get', 'user.name'], { cwd: repo, okCodes: [1] });
  const author = { GIT_AUTHOR_NAME: AUTOLOOP_IDENTITY.name, GIT_AUTHOR_EMAIL: AUTOLOOP_IDENTITY.email };
  return email.code === 0 && name.code === 0 ? author : { ...AUTOLOOP_AUTHOR_ENV };
}

/** The commit the target branch moves to: a squash or merge commit over the dry run's tree, or the run's commits replayed on it. */
async function resultCommit(plan: MergePlan, strategy: MergeStrategy, message: string): Promise<string> {
  const repo = plan.worktree.repoPath;
  if (strategy === 'rebase') return rebased(plan);
  if (plan.tree === null) throw new Error('the dry-run merge wrote no tree');
  const parents = strategy === 'merge' ? ['-p', plan.targetCommit, '-p', plan.tip] : ['-p', plan.targetCommit];
  return gitText(['commit-tree', plan.tree, ...parents, '-F', '-'], { cwd: repo, input: message, env: await committerEnv(repo) });
}

/** The run's commits replayed onto the target, in its own worktree (the person's folder is not touched until it is done). */
async function rebased(plan: MergePlan): Promise<string> {
  const repo = plan.worktree.repoPath;
  const ancestor = await git(['merge-base', '--is-ancestor', plan.targetCommit, plan.tip], { cwd: repo, okCodes: [1] });
  if (ancestor.code === 0) return plan.tip;
  const wt = existsSync(plan.worktree.path) ? await openWorktreeGit(plan.worktree) : null;
  if (wt === null)
    throw new ApiFailure('conflict', "A rebase needs the run's worktree, which is gone: merge with --strategy squash or merge instead", {
      blocked: 'worktree missing',
    });
  const env = { GIT_COMMITTER_NAME: AUTOLOOP_IDENTITY.name, GIT_COMMITTER_EMAIL: AUTOLOOP_IDENTITY.email };
  const result = await wt.run(['rebase', '--no-autostash', '--no-verify', plan.targetCommit], { env, okCodes: [1, 128] });
  if (result.code !== 0) {
    await wt.run(['rebase', '--abort'], { okCodes: [1, 128] });
    throw new ApiFailure(
      'conflict',
      `Rebasing the run's commits onto ${plan.into} stopped: ${result.stderr.trim().split('\n')[0] ?? ''}. Merge with --strategy squash instead`,
    );
  }
  return (await wt.run(['rev-parse', 'HEAD'])).stdout.trim();
}

/** Moves the target branch to `commit`: a fast-forward in the person's folder when it is checked out there, else the ref alone. */
async function advanceTarget(plan: MergePlan, commit: string): Promise<void> {
  const repo = plan.worktree.repoPath;
  if (plan.place.kind === 'here') {
    try {
      await git(['merge', '--ff-only', '--no-edit', '--quiet', commit], { cwd: repo });
    } catch (error) {
      const words = error instanceof GitError ? error.stderr.trim().split('\n').slice(0, 4).join(' ') : String(error);
      throw new ApiFailure('conflict', `${repo} could not take the merge (${words}): move the files it names away, then merge again`);
    }
    return;
  }
  await git(['update-ref', '-m', `autoloop: merge ${plan.worktree.branch}`, `refs/heads/${plan.into}`, commit, plan.targetCommit], { cwd: repo });
}

export type MergeInput = Readonly<{
  run: Run;
  iterations: ReadonlyArray<Iteration>;
  live: boolean;
  strategy: MergeStrategy;
  into?: string | undefined;
  keepBranch: boolean;
}>;

/**
 * `runs.merge`: checks with a dry run first and refuses a conflict (with the files) or a reason (dirty folder, the run
 * still going); then moves the target branch and removes the worktree and, unless kept, the branch.
 */
export async function mergeRun(input: MergeInput): Promise<MergeResult> {
  const plan = await planMerge(input.run, input.live, input.into);
  if (plan.blocked !== null) throw new ApiFailure('conflict', plan.blocked, { blocked: plan.blocked });
  if (plan.conflicts.length > 0) {
    const names = plan.conflicts.slice(0, 10).join(', ') + (plan.conflicts.length > 10 ? ` and ${plan.conflicts.length - 10} more` : '');
    // Only a run that can go on (a crashed one) can be resumed with guidance; a completed or stopped run cannot.
    const resume = isResumable(input.run) ? 'resume the run with guidance to resolve it, or ' : '';
    throw new ApiFailure(
      'conflict',
      `Merging ${plan.worktree.branch} into ${plan.into} would conflict in ${names}: ${resume}merge by hand ` +
        `(in ${plan.worktree.repoPath}: git merge ${plan.worktree.branch}, resolve, commit; then discard the run), or discard the run`,
      { conflicts: plan.conflicts },
    );
  }
  // A run whose changes the target already has (it changed nothing, or the same change was merged) adds no empty commit.
  const unchanged = plan.tree !== null && plan.tree === (await gitText(['rev-parse', `${plan.targetCommit}^{tree}`], { cwd: plan.worktree.repoPath }));
  const commit = unchanged ? plan.targetCommit : await resultCommit(plan, input.strategy, squashMessage(input.run, input.iterations));
  if (commit !== plan.targetCommit) await advanceTarget(plan, commit);
  await removeWorktreeAndBranch(plan.worktree.repoPath, plan.worktree.path, input.keepBranch ? null : plan.worktree.branch);
  return { into: plan.into, strategy: input.strategy, commit, branchKept: input.keepBranch };
}

/** `runs.discard`: removes the worktree and, unless kept, the branch; a repository that is gone leaves only the folder to remove. */
export async function discardRun(run: Run, keepBranch: boolean): Promise<void> {
  const worktree = run.worktree;
  if (!worktree) return;
  if (!existsSync(worktree.repoPath)) {
    rmSync(worktree.path, { recursive: true, force: true });
    return;
  }
  await removeWorktreeAndBranch(worktree.repoPath, worktree.path, keepBranch ? null : worktree.branch);
}
