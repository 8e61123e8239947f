import type { RunWorktree } from '../../shared/worktree';
import { AUTOLOOP_AUTHOR_ENV, type GitOptions, type GitResult, git } from './git';
import { requireRepo, worktreeGitDir } from './repo-info';

/** git inside a run's worktree, addressed by its git folder (found from the repository) and its folder. */
export type WorktreeGit = Readonly<{
  gitDir: string;
  path: string;
  run(args: ReadonlyArray<string>, options?: Omit<GitOptions, 'cwd'>): Promise<GitResult>;
}>;

/**
 * git for the run's worktree with `--git-dir` and `--work-tree` given explicitly: the worktree's `.git` file is the
 * agent's to write, so the engine never lets it say where the repository is. Null when git no longer knows the worktree.
 */
export async function openWorktreeGit(worktree: RunWorktree): Promise<WorktreeGit | null> {
  requireRepo(worktree.repoPath);
  const gitDir = await worktreeGitDir(worktree.repoPath, worktree.path);
  if (gitDir === null) return null;
  return {
    gitDir,
    path: worktree.path,
    run: (args, options = {}) => git([`--git-dir=${gitDir}`, `--work-tree=${worktree.path}`, ...args], { ...options, cwd: worktree.path }),
  };
}

/** Pathspecs that leave the copied and linked files out of a commit (a `.env` copy or a `node_modules` link is never committed). */
function excludes(paths: ReadonlyArray<string>): string[] {
  return paths.map((path) => `:(exclude,glob)${path.replace(/\/+$/, '')}`);
}

/** Whether the worktree has changes no commit holds yet (tracked or untracked, ignored files aside). */
export async function hasChanges(wt: WorktreeGit, exclude: ReadonlyArray<string> = []): Promise<boolean> {
  const status = await wt.run(['status', '--porcelain', '--untracked-files=all', '--', '.', ...excludes(exclude)]);
  return status.stdout.trim() !== '';
}

/**
 * Commits everything the worktree changed (by Autoloop, hooks off, the message verbatim) and returns the commit id;
 * null when nothing changed: an empty iteration makes no commit.
 */
export async function commitAll(wt: WorktreeGit, message: string, exclude: ReadonlyArray<string> = []): Promise<string | null> {
  await wt.run(['add', '--all', '--', '.', ...excludes(exclude)]);
  const staged = await wt.run(['diff', '--cached', '--quiet', '--no-ext-diff'], { okCodes: [1] });
  if (staged.code === 0) return null;
  await wt.run(['commit', '--quiet', '--no-verify', '--cleanup=verbatim', '--file=-'], { input: message, env: AUTOLOOP_AUTHOR_ENV });
  return (await wt.run(['rev-parse', 'HEAD'])).stdout.trim();
}

/** The commit message of an iteration: `Iteration N: <first line of its summary>`, the rest of the summary below. */
export function iterationMessage(n: number, summary: string, interrupted = false): string {
  if (interrupted) return `Iteration ${n} (interrupted)\n\nThe iteration was cut short; these are its partial changes.\n`;
  const [first = '', ...rest] = summary.trim().split('\n');
  const title = first.length > 100 ? `${first.slice(0, 99)}…` : first;
  const body = [first.length > 100 ? first : '', ...rest].join('\n').trim();
  return `Iteration ${n}: ${title || 'no summary'}\n${body ? `\n${body}\n` : ''}`;
}
