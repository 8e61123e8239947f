import type { Migration } from './migration';

/** The first schema: runs, their iterations and events, checkpoints, template revisions, settings (DESIGN §9). */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      template TEXT NOT NULL,
      template_revision TEXT NOT NULL,
      status TEXT NOT NULL,
      stop_reason TEXT,
      pause_reason TEXT,
      detail TEXT,
      iterations INTEGER NOT NULL DEFAULT 0,
      input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0,
      cost_usd REAL,
      limits TEXT NOT NULL,
      permissions TEXT NOT NULL,
      loop TEXT NOT NULL,
      params TEXT NOT NULL,
      model TEXT NOT NULL,
      workdir TEXT NOT NULL,
      created_at TEXT NOT NULL,
      started_at TEXT,
      ended_at TEXT
    );
    CREATE INDEX runs_status ON runs (status);
    CREATE INDEX runs_created_at ON runs (created_at);

    CREATE TABLE iterations (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      n INTEGER NOT NULL,
      status TEXT NOT NULL,
      summary TEXT NOT NULL DEFAULT '',
      duration_ms INTEGER,
      input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0,
      cost_usd REAL,
      failure TEXT,
      started_at TEXT NOT NULL,
      ended_at TEXT,
      PRIMARY KEY (run_id, n)
    ) WITHOUT ROWID;

    CREATE TABLE events (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      iteration INTEGER NOT NULL,
      kind TEXT NOT NULL,
      data TEXT NOT NULL,
      at TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE messages (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      iteration INTEGER NOT NULL,
      message TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE template_revisions (
      sha256 TEXT PRIMARY KEY,
      template TEXT NOT NULL,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `,
};
