import { z } from 'zod';
import { Run, RunId } from './records';
import { GitRefName, MergeCheck, MergeResult, MergeStrategy, RunDiff, RunOverlap, WorktreesUsage } from './worktree';

const Empty = z.object({}).strict().default({});
/** The `runs.*` methods of a run's worktree; spread into `apiMethods`. */
export const worktreeMethods = {
  /**
   * The run's changes as files and hunks: the whole run (its base commit..its branch) or one `iteration` (the commit
   * before it..its commit). `patch: true` adds the unified diff text `git apply` accepts. `conflict` for a run without a worktree.
   */
  'runs.diff': {
    params: z.object({ id: RunId, iteration: z.number().int().positive().optional(), patch: z.boolean().default(false) }).strict(),
    result: RunDiff,
  },
  /** A dry-run merge (`git merge-tree`): would the run's branch merge cleanly into `into` (the folder's current branch by default). */
  'runs.mergeCheck': { params: z.object({ id: RunId, into: GitRefName.optional() }).strict(), result: MergeCheck },
  /**
   * Merges the run's branch into `into` (default: the branch checked out in the person's folder) and removes its worktree and
   * branch (the branch stays with `keepBranch`). Refused with `conflict` and `details.conflicts` (the files) when it
   * would conflict, or `details.blocked` when the folder is dirty, on another branch, or the run is still going.
   */
  'runs.merge': {
    params: z.object({ id: RunId, strategy: MergeStrategy.default('squash'), into: GitRefName.optional(), keepBranch: z.boolean().default(false) }).strict(),
    result: z.object({ run: Run, merge: MergeResult }),
  },
  /** Throws the run's changes away: removes its worktree and branch (the branch stays with `keepBranch`). Not while it runs. */
  'runs.discard': { params: z.object({ id: RunId, keepBranch: z.boolean().default(false) }).strict(), result: Run },
  /** Runs on the same repository whose unmerged changes touch the same files, each pair listed both ways. */
  'runs.overlaps': { params: Empty, result: z.object({ overlaps: z.array(RunOverlap) }) },
  /** The size of `<data dir>/worktrees` and the folders in it that belong to no run (Settings → Data). */
  'system.worktrees': { params: Empty, result: WorktreesUsage },
} as const;
