import { createKeyedLock } from '../api/keyed-lock';

// One lock for the whole engine process: every change to one repository's worktrees, branches or checked-out branch
// (making a run's worktree, merging, discarding) waits for the one before it, so two runs starting at once on one
// repository never race `git worktree add` and branch creation, and a merge never meets a worktree half made.
const perRepo = createKeyedLock();

/** Runs `task` alone among the engine's changes to the repository whose top folder is `repoTop`; others queue in order. */
export function withRepoLock<T>(repoTop: string, task: () => Promise<T>): Promise<T> {
  return perRepo(repoTop, task);
}
