import type { Migration } from './migration';

/**
 * Named access tokens (issue #25): tokens a person gives to other machines, each with a name, stored
 * as a SHA-256 digest only (the token itself is printed once and never kept), read-only or not, with
 * the time it was last used. A revoked token keeps its row (and name) so `autoloop tokens ls` shows it.
 * Action links in notifications are single-use: each one used is a row of `action_links_used`, keyed by
 * the link's id, so a replay finds it. An approval answered through a link names the notifier (`decided_via`).
 */
export const migration0010: Migration = {
  version: 10,
  name: 'access-tokens',
  sql: `
    CREATE TABLE IF NOT EXISTS access_tokens (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      digest TEXT NOT NULL UNIQUE,
      read_only INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      last_used_at TEXT,
      revoked_at TEXT
    );
    CREATE UNIQUE INDEX IF NOT EXISTS access_tokens_live_name ON access_tokens (name) WHERE revoked_at IS NULL;
    CREATE TABLE IF NOT EXISTS action_links_used (
      id TEXT PRIMARY KEY,
      used_at TEXT NOT NULL,
      outcome TEXT NOT NULL
    );
    ALTER TABLE approvals ADD COLUMN decided_via TEXT;
  `,
};
