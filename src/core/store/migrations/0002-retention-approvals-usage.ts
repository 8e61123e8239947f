import type { Migration } from './migration';

/** Event retention bookkeeping on runs, the approvals table, and usage per UTC day (DESIGN §7–§9). */
export const migration0002: Migration = {
  version: 2,
  name: 'retention-approvals-usage',
  sql: `
    ALTER TABLE runs ADD COLUMN events_bytes INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN events_dropped INTEGER NOT NULL DEFAULT 0;
    UPDATE runs SET events_bytes = COALESCE((SELECT SUM(LENGTH(data)) FROM events WHERE events.run_id = runs.id), 0);

    CREATE TABLE approvals (
      id TEXT PRIMARY KEY,
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      iteration INTEGER NOT NULL,
      tool TEXT NOT NULL,
      input TEXT NOT NULL,
      summary TEXT NOT NULL,
      risk TEXT NOT NULL,
      status TEXT NOT NULL,
      scope TEXT,
      reason TEXT,
      decided_by TEXT,
      requested_at TEXT NOT NULL,
      decided_at TEXT,
      expires_at TEXT
    );
    CREATE INDEX approvals_status ON approvals (status);
    CREATE INDEX approvals_run ON approvals (run_id, requested_at);

    CREATE TABLE usage_daily (
      day TEXT PRIMARY KEY,
      input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0,
      cost_usd REAL NOT NULL DEFAULT 0,
      unpriced_responses INTEGER NOT NULL DEFAULT 0
    );
  `,
};
