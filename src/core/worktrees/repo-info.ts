import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ApiFailure } from '../api-failure';
import { GitError, git, gitText } from './git';

/** The repository a folder is in: its top folder, and the folder's path inside it (`''` at the top, else ending in `/`). */
export type RepoLocation = Readonly<{ top: string; prefix: string }>;

/** The repository `folder` is in, or null when it is in none (or git is missing: then `gitMissing`). */
export async function findRepo(folder: string): Promise<RepoLocation | null> {
  try {
    const out = await gitText(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: folder });
    const [top = '', prefix = ''] = out.split('\n');
    return top ? { top: resolve(top), prefix } : null;
  } catch (error) {
    if (error instanceof GitError) return null;
    throw error;
  }
}

/** Whether some folder above `folder` (or itself) has a `.git`: a repository even when git cannot be asked. */
export function looksLikeRepo(folder: string): boolean {
  for (let dir = resolve(folder); ;) {
    if (existsSync(join(dir, '.git'))) return true;
    const parent = resolve(dir, '..');
    if (parent === dir) return false;
    dir = parent;
  }
}

/** What HEAD of a repository is: a branch with a commit, a detached commit, or a branch with no commit yet. */
export type Head = Readonly<{ kind: 'branch'; branch: string; commit: string } | { kind: 'detached'; commit: string } | { kind: 'unborn'; branch: string }>;

export async function headOf(repo: string): Promise<Head> {
  const symbolic = await git(['symbolic-ref', '-q', 'HEAD'], { cwd: repo, okCodes: [1] });
  const commit = await git(['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { cwd: repo, okCodes: [1] });
  const ref = symbolic.stdout.trim();
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
  if (commit.code !== 0) return { kind: 'unborn', branch };
  if (symbolic.code !== 0) return { kind: 'detached', commit: commit.stdout.trim() };
  return { kind: 'branch', branch, commit: commit.stdout.trim() };
}

/** The commit a branch or ref names, or null when there is none. */
export async function resolveCommit(repo: string, ref: string): Promise<string | null> {
  const out = await git(['rev-parse', '-q', '--verify', '--end-of-options', `${ref}^{commit}`], { cwd: repo, okCodes: [1, 128] });
  return out.code === 0 ? out.stdout.trim() : null;
}

/** Whether a local branch exists. */
export async function branchExists(repo: string, branch: string): Promise<boolean> {
  const out = await git(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: repo, okCodes: [1] });
  return out.code === 0;
}

/** The repository's common git folder (`.git` of the main worktree), absolute. */
export async function commonGitDir(repo: string): Promise<string> {
  return resolve(repo, await gitText(['rev-parse', '--git-common-dir'], { cwd: repo }));
}

/**
 * The git folder of the run's worktree (`<common>/worktrees/<name>`), found from the repository, never from the
 * worktree's own `.git` file (the agent may have rewritten it); null when git no longer knows that worktree.
 */
export async function worktreeGitDir(repo: string, worktreePath: string): Promise<string | null> {
  const candidate = join(await commonGitDir(repo), 'worktrees', basename(worktreePath));
  const back = join(candidate, 'gitdir');
  if (!existsSync(back)) return null;
  return samePath(resolve(readFileSync(back, 'utf8').trim(), '..'), worktreePath) ? candidate : null;
}

/** Whether two paths name the same place (symlinks such as macOS's /var → /private/var resolved where they exist). */
export function samePath(a: string, b: string): boolean {
  const real = (path: string): string => (existsSync(path) ? realpathSync(path) : resolve(path));
  return real(a) === real(b);
}

/** The person's repository as a run recorded it, or a clear refusal when it is gone or moved. */
export function requireRepo(repoPath: string): void {
  if (!existsSync(repoPath)) {
    throw new ApiFailure(
      'conflict',
      `The repository ${repoPath} is gone (moved or deleted): put it back there, or discard the run to forget its worktree; its commits stay in that repository's objects`,
    );
  }
}
