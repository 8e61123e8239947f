import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as allMigrations } from './migrations/index';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

/** The schema version this build knows. A database with a higher one was written by a newer Autoloop. */
export function latestSchemaVersion(migrations: ReadonlyArray<Migration> = allMigrations): number {
  return migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
}

/** Applies every migration newer than the file's version, each in one transaction; refuses a newer file. */
export function migrate(db: Db, file: string, migrations: ReadonlyArray<Migration> = allMigrations): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }).version ?? 0;
  const latest = latestSchemaVersion(migrations);
  if (current > latest) {
    throw new Error(
      `${file} has schema version ${current}, but this Autoloop knows only up to ${latest}. ` +
        'It was written by a newer Autoloop: update Autoloop, or use another data folder.',
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations.filter((m) => m.version > current).toSorted((a, b) => a.version - b.version)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
}

/** Opens (or creates) the engine's database: WAL, NORMAL sync, foreign keys, a busy timeout, migrated (DESIGN §9). */
export function openDatabase(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
