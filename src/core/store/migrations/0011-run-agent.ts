import type { Migration } from './migration';

/** Who takes a run's turns: Autoloop's own agent or Claude Code (issue 23). Runs from before were all Autoloop's. */
export const migration0011: Migration = {
  version: 11,
  name: 'run-agent',
  sql: `ALTER TABLE runs ADD COLUMN agent TEXT NOT NULL DEFAULT 'autoloop';`,
};
