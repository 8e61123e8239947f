import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Db, migrate } from '../database';
import { migrations } from '../migrations';
import type { Migration } from '../migrations/migration';

/** A migration test's database: its file, the migrations run on it so far, and the step up. */
export type DatabaseBefore = Readonly<{ db: Db; file: string; before: ReadonlyArray<Migration>; upgrade(to?: ReadonlyArray<Migration>): void }>;

/**
 * A database file in a fresh folder at the schema just before migration `version` (every older migration run), for a
 * migration's test: with `withRun`, one ended run `r1` stored as the oldest schemas have it. `upgrade` runs the
 * migrations given (every one, unless said) as the engine does when it opens the file.
 */
export function databaseBefore(version: number, options: Readonly<{ withRun?: boolean; foreignKeys?: boolean }> = {}): DatabaseBefore {
  const file = join(mkdtempSync(join(tmpdir(), `autoloop-m${version}-`)), 'autoloop.db');
  const db = new Database(file);
  if (options.foreignKeys) db.pragma('foreign_keys = ON');
  const before = migrations.filter((migration) => migration.version < version);
  migrate(db, file, before);
  if (options.withRun) {
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('r1', 'n', 't', 'x', 'ended', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
  }
  return { db, file, before, upgrade: (to = migrations) => migrate(db, file, to) };
}
