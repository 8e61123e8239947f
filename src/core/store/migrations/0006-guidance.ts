import type { Migration } from './migration';

/**
 * Notes people send a running or paused run: kept until the runner's next gate hands them to the
 * agent, which records the iteration whose prompt carried them. `IF NOT EXISTS`, so the migration stays
 * harmless if it is ever renumbered while merging.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'guidance',
  sql: `
    CREATE TABLE IF NOT EXISTS guidance (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      text TEXT NOT NULL,
      author TEXT NOT NULL,
      created_at TEXT NOT NULL,
      delivered_iteration INTEGER,
      PRIMARY KEY (run_id, id)
    ) WITHOUT ROWID;
  `,
};
