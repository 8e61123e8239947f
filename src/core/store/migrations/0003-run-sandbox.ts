import type { Migration } from './migration';

/**
 * The OS sandbox a run's processes run in, the hosts they may reach, and the environment variables a template or
 * person let through to them (issue: an OS sandbox around everything the agent runs). Runs from before had none.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'run-sandbox',
  sql: `
    ALTER TABLE runs ADD COLUMN sandbox TEXT NOT NULL DEFAULT 'none';
    ALTER TABLE runs ADD COLUMN network TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE runs ADD COLUMN pass_env TEXT NOT NULL DEFAULT '[]';
  `,
};
