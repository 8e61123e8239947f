import type { Migration } from './migration';

/**
 * A run's isolation and git worktree: where it works (`isolation`), its worktree as JSON (`worktree`, null
 * without one), where that worktree is in its life (`worktree_state`), the template's `setup:` commands the runner
 * runs before iteration 1 (`setup`, JSON), the copied and linked paths its commits leave out (`worktree_exclude`), and the commit of each iteration's changes (`iterations.commit_id`).
 * Runs from before worked in their folder: `none`, no worktree, no commits.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'run-worktrees',
  sql: `
    ALTER TABLE runs ADD COLUMN isolation TEXT NOT NULL DEFAULT 'none';
    ALTER TABLE runs ADD COLUMN worktree TEXT;
    ALTER TABLE runs ADD COLUMN worktree_state TEXT;
    ALTER TABLE runs ADD COLUMN setup TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE runs ADD COLUMN worktree_exclude TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE iterations ADD COLUMN commit_id TEXT;
  `,
};
