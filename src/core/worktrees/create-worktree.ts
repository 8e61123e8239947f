import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunWorktree } from '../../shared/worktree';
import { ApiFailure } from '../api-failure';
import { ensurePrivateFolder } from '../store/private-files';
import { runBranchName } from './branch-name';
import { copyIntoWorktree } from './copy-into-worktree';
import { git, gitText } from './git';
import { type RepoLocation, branchExists, findRepo, headOf, resolveCommit } from './repo-info';
import { withRepoLock } from './repo-lock';
import { commitAll, openWorktreeGit } from './worktree-git';

export type CreateWorktreeInput = Readonly<{
  /** The folder the person chose (inside the repository). */
  folder: string;
  runId: string;
  runName: string;
  dataDir: string;
  /** `--base`: the branch or commit to start from; the folder's HEAD when left out. */
  base?: string | undefined;
  withUncommitted?: boolean | undefined;
  copy?: ReadonlyArray<string> | undefined;
  link?: ReadonlyArray<string> | undefined;
}>;

/**
 * The new worktree, the folder the agent works in (the chosen folder's place inside it), and the copied or linked
 * paths (relative to the worktree) that iteration commits leave out.
 */
export type CreatedWorktree = Readonly<{ worktree: RunWorktree; workdir: string; exclude: string[] }>;

/** `<data dir>/worktrees`: every run's worktree lives here, outside the person's repository. */
export function worktreesFolder(dataDir: string): string {
  return join(dataDir, 'worktrees');
}

/** Where the run's branch starts: `--base`, else the folder's branch; a detached or unborn HEAD is refused with what to do. */
async function baseOf(repo: RepoLocation, base: string | undefined): Promise<Readonly<{ ref: string; commit: string }>> {
  if (base !== undefined) {
    const commit = await resolveCommit(repo.top, base);
    if (commit === null)
      throw new ApiFailure('invalid_input', `There is no branch or commit named "${base}" in ${repo.top}: check the name (git branch -a)`, { field: 'base' });
    return { ref: base, commit };
  }
  const head = await headOf(repo.top);
  if (head.kind === 'unborn') {
    throw new ApiFailure('invalid_input', `The repository ${repo.top} has no commits yet: make a first commit, or start the run with isolation none`, {
      field: 'isolation',
    });
  }
  if (head.kind === 'detached') {
    throw new ApiFailure(
      'invalid_input',
      `${repo.top} has a detached HEAD (at ${head.commit.slice(0, 12)}): check out a branch, or name the run's base with --base BRANCH`,
      { field: 'base' },
    );
  }
  return { ref: head.branch, commit: head.commit };
}

/**
 * The person's uncommitted changes (staged, unstaged, untracked; ignored files aside) as a commit on the run's
 * branch. Read through a temporary index, so the person's index, stash and files stay exactly as they were.
 */
async function carryUncommitted(repo: RepoLocation, worktree: RunWorktree, dataDir: string): Promise<void> {
  const index = join(worktreesFolder(dataDir), `.${worktree.branch.replace(/\W/g, '_')}.index`);
  try {
    const env = { GIT_INDEX_FILE: index };
    await git(['read-tree', 'HEAD'], { cwd: repo.top, env });
    await git(['add', '--all', '--', '.'], { cwd: repo.top, env });
    const tree = await gitText(['write-tree'], { cwd: repo.top, env });
    const patch = await git(['diff', '--binary', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', 'HEAD', tree], { cwd: repo.top });
    if (patch.stdout === '') return;
    const wt = await openWorktreeGit(worktree);
    if (wt === null) throw new Error('the new worktree is not known to git');
    const applied = await wt.run(['apply', '--index', '--whitespace=nowarn', '-'], { input: patch.stdout, okCodes: [1] });
    if (applied.code !== 0) {
      throw new ApiFailure(
        'conflict',
        `The uncommitted changes in ${repo.top} do not apply on ${worktree.baseRef}: commit or stash them, or leave out --with-uncommitted`,
      );
    }
    await commitAll(wt, `Uncommitted changes carried over from ${repo.top}\n`);
  } finally {
    rmSync(index, { force: true });
  }
}

/** Undoes a half-made worktree: its folder, git's record of it, and its branch. Never touches the person's files. */
export async function removeWorktreeAndBranch(repoTop: string, path: string, branch: string | null): Promise<void> {
  await git(['worktree', 'remove', '--force', '--force', path], { cwd: repoTop, okCodes: [128] });
  rmSync(path, { recursive: true, force: true });
  await git(['worktree', 'prune'], { cwd: repoTop, okCodes: [128] });
  if (branch !== null) await git(['branch', '-D', '--', branch], { cwd: repoTop, okCodes: [1] });
}

/**
 * Makes the run's worktree: branch `autoloop/<name>-<short id>` from the folder's HEAD or `--base`, under
 * `<data dir>/worktrees/<run id>`, with the uncommitted changes when asked and the `copy:`/`link:` files. Every refusal
 * comes before anything is made, and a failure after that removes what was made: the person's repository is left as it was.
 * Runs under the repository's lock: two runs starting at once on one repository make their worktrees one after the other.
 */
export async function createWorktree(input: CreateWorktreeInput): Promise<CreatedWorktree> {
  const repo = await findRepo(input.folder);
  if (repo === null) {
    throw new ApiFailure('invalid_input', `${input.folder} is not in a git repository: choose a folder inside one, or start the run with isolation none`, {
      field: 'isolation',
    });
  }
  return withRepoLock(repo.top, () => createIn(repo, input));
}

async function createIn(repo: RepoLocation, input: CreateWorktreeInput): Promise<CreatedWorktree> {
  const base = await baseOf(repo, input.base);
  const branch = runBranchName(input.runName, input.runId);
  if (await branchExists(repo.top, branch)) {
    throw new ApiFailure('conflict', `The branch ${branch} already exists in ${repo.top}: delete or rename it (git branch -m), then start the run again`);
  }
  ensurePrivateFolder(worktreesFolder(input.dataDir));
  const path = join(worktreesFolder(input.dataDir), input.runId);
  if (existsSync(path)) throw new ApiFailure('conflict', `${path} already exists: move it away, then start the run again`);
  const worktree: RunWorktree = { path, branch, baseRef: base.ref, baseCommit: base.commit, repoPath: repo.top };
  try {
    await git(['worktree', 'add', '--quiet', '-b', branch, path, base.commit], { cwd: repo.top });
    if (input.withUncommitted === true) await carryUncommitted(repo, worktree, input.dataDir);
    const placed = copyIntoWorktree(input.folder, join(path, repo.prefix), { copy: input.copy ?? [], link: input.link ?? [] });
    return { worktree, workdir: join(path, repo.prefix), exclude: placed.map((entry) => `${repo.prefix}${entry}`) };
  } catch (error) {
    await removeWorktreeAndBranch(repo.top, path, branch).catch(() => undefined);
    throw error;
  }
}
