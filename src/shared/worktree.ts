import { z } from 'zod';
import { assertNever } from './assert';

// A run's isolated workspace (DESIGN §13): a git worktree on its own branch, its review as diffs, merge or discard.

/** Where a run works: in its own git worktree and branch, or directly in the folder it was given. */
export const Isolation = z.enum(['worktree', 'none']);
export type Isolation = z.infer<typeof Isolation>;

/** A branch or ref the person types (`--base`, `--into`): never option-looking, no spaces or control characters; git checks the rest. */
export const GitRefName = z
  .string()
  .min(1)
  .max(250)
  .refine((name) => !name.startsWith('-') && !/[\s~^:?*[\\]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127), {
    message: 'a branch or ref name (no spaces or control characters, and not starting with -)',
  });

/** A full or abbreviated git object id, as git prints it. */
const CommitId = z.string().regex(/^[0-9a-f]{4,64}$/, 'a git commit id');

/**
 * The run's worktree: `path` under `<data dir>/worktrees/<run id>`, on `branch` (`autoloop/<name>-<short id>`), made
 * from `baseRef` (the branch or ref the person chose, e.g. `main`) at `baseCommit`, in the repository whose top folder is `repoPath`.
 */
export const RunWorktree = z.object({
  path: z.string().min(1),
  branch: z.string().min(1),
  baseRef: z.string().min(1),
  baseCommit: CommitId,
  repoPath: z.string().min(1),
});
export type RunWorktree = z.infer<typeof RunWorktree>;

/**
 * Where the run's worktree is in its life: `active` (the folder is there, its branch not merged yet), `merged` (merged into
 * a branch of the person's repository; folder removed), `discarded` (the person threw it away; folder removed), `removed`
 * (the retention removed a folder with no unmerged changes), `missing` (the folder or the repository is gone: deleted or moved by hand).
 */
export const WorktreeState = z.enum(['active', 'merged', 'discarded', 'removed', 'missing']);
export type WorktreeState = z.infer<typeof WorktreeState>;

/** A worktree's state in words for people (the run page, the CLI). */
export function describeWorktreeState(state: WorktreeState): string {
  switch (state) {
    case 'active':
      return 'Changes on its branch, not merged yet';
    case 'merged':
      return 'Merged';
    case 'discarded':
      return 'Discarded';
    case 'removed':
      return 'Worktree removed after the retention period (nothing unmerged was in it)';
    case 'missing':
      return 'Worktree missing: its folder or repository was deleted or moved; the commits are still on its branch';
    default:
      return assertNever(state, 'WorktreeState');
  }
}

/** How `runs.merge` brings the run's branch into the target branch. */
export const MergeStrategy = z.enum(['squash', 'merge', 'rebase']);
export type MergeStrategy = z.infer<typeof MergeStrategy>;

/** One line of a hunk: unchanged context, added, or deleted; `noNewline` when git says "\ No newline at end of file" after it. */
export const DiffLine = z.object({ kind: z.enum(['context', 'add', 'del']), text: z.string(), noNewline: z.boolean().optional() });
export type DiffLine = z.infer<typeof DiffLine>;

export const DiffHunk = z.object({
  oldStart: z.number().int().min(0),
  oldLines: z.number().int().min(0),
  newStart: z.number().int().min(0),
  newLines: z.number().int().min(0),
  /** The text after the second `@@` (git's function context), may be empty. */
  header: z.string().default(''),
  lines: z.array(DiffLine),
});
export type DiffHunk = z.infer<typeof DiffHunk>;

export const DiffFileStatus = z.enum(['added', 'modified', 'deleted', 'renamed', 'copied', 'type_changed']);
export type DiffFileStatus = z.infer<typeof DiffFileStatus>;

/** One changed file: +/- counts, and its hunks unless it is binary or too large to show (`collapsed`: the hunks are left out). */
export const DiffFile = z.object({
  path: z.string(),
  /** The path before a rename or copy. */
  oldPath: z.string().nullable(),
  status: DiffFileStatus,
  additions: z.number().int().min(0),
  deletions: z.number().int().min(0),
  binary: z.boolean(),
  /** Too many changed lines to send: the counts are right, `hunks` is empty; `autoloop diff` prints it whole. */
  collapsed: z.boolean(),
  hunks: z.array(DiffHunk),
});
export type DiffFile = z.infer<typeof DiffFile>;

/** `runs.diff`: the whole run (`baseCommit`..its branch) or one iteration (the commit before it..its commit). */
export const RunDiff = z.object({
  /** The commits compared; `head` equals `base` when nothing changed. */
  base: z.string(),
  head: z.string(),
  /** The iteration asked for, or null for the whole run. */
  iteration: z.number().int().positive().nullable(),
  files: z.array(DiffFile),
  /** The worktree has changes no iteration committed yet (one in flight, or cut short): they show once committed. */
  uncommitted: z.boolean(),
  /** The unified diff as git prints it (`git apply` accepts it), when `patch: true` was asked. */
  patch: z.string().nullable(),
});
export type RunDiff = z.infer<typeof RunDiff>;

/** The answer to `runs.mergeCheck`, and what `runs.merge` checks first: would the merge apply cleanly, and may it start. */
export const MergeCheck = z.object({
  /** The branch it would merge into: the one asked for, else the one checked out in the person's folder. */
  into: z.string(),
  /** Commits on the run's branch that the target does not have. */
  commits: z.number().int().min(0),
  /** Files the run changed (the whole run's diff). */
  files: z.number().int().min(0),
  /** Files both sides changed in ways git cannot merge; empty when it merges cleanly. */
  conflicts: z.array(z.string()),
  /** Why the merge would be refused now (a dirty folder, another branch checked out, a run still going…), or null. */
  blocked: z.string().nullable(),
});
export type MergeCheck = z.infer<typeof MergeCheck>;

/** What `runs.merge` did. A refusal is an error instead: `conflict` with `details.conflicts` (the file list) or `details.blocked`. */
export const MergeResult = z.object({
  into: z.string(),
  strategy: MergeStrategy,
  /** The commit the target branch points at now. */
  commit: z.string(),
  /** The run's branch is still there (asked with `keepBranch`). */
  branchKept: z.boolean(),
});
export type MergeResult = z.infer<typeof MergeResult>;

/** Two runs on the same repository whose changes touch the same files (listed both ways: a→b and b→a). */
export const RunOverlap = z.object({
  runId: z.string(),
  otherRunId: z.string(),
  repoPath: z.string(),
  files: z.array(z.string()),
});
export type RunOverlap = z.infer<typeof RunOverlap>;

/** The worktrees folder's size and what the startup reconciliation found (Settings → Data). */
export const WorktreesUsage = z.object({
  folder: z.string(),
  bytes: z.number().int().min(0),
  /** Worktree folders under it. */
  count: z.number().int().min(0),
  /** Folders under it that belong to no run: reported, never deleted silently. */
  orphans: z.array(z.string()),
  /** Days an ended run's worktree with nothing unmerged is kept (Settings → retention.worktreeMaxAgeDays). */
  retentionDays: z.number().int().min(1),
});
export type WorktreesUsage = z.infer<typeof WorktreesUsage>;
