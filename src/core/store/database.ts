import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as allMigrations } from './migrations/index';
import type { Migration } from './migrations/migration';
import { DamagedDatabaseError, NewerSchemaError } from './database-errors';

export type Db = Database.Database;

/** The schema version this build knows. A database with a higher one was written by a newer Autoloop. */
export function latestSchemaVersion(migrations: ReadonlyArray<Migration> = allMigrations): number {
  return migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
}

function schemaVersionOf(db: Db): number {
  return (db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }).version ?? 0;
}

/**
 * Applies every migration the file has not recorded, in order, each in one IMMEDIATE transaction
 * that checks again inside it: two processes opening an older file at once never both apply a
 * migration (the second waits on the write lock, then finds it applied). Numbers may have gaps,
 * and a gap filled by a later build is applied then, even below the file's highest version (work
 * done in parallel reserves numbers). Refuses a file with a version newer than any this build knows.
 */
export function migrate(db: Db, file: string, migrations: ReadonlyArray<Migration> = allMigrations): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const latest = latestSchemaVersion(migrations);
  const current = schemaVersionOf(db);
  if (current > latest) throw new NewerSchemaError(file, current, latest);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  for (const migration of migrations.toSorted((a, b) => a.version - b.version)) {
    if (isApplied.get(migration.version) !== undefined) continue;
    db.transaction(() => {
      if (isApplied.get(migration.version) !== undefined) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
}

/** How many of quick_check's findings a damaged-database message quotes. */
const QUICK_CHECK_FINDINGS_SHOWN = 3;

/** Why SQLite's error means the file itself is bad (not the disk, the permissions or a lock), or null. */
function damageReasonOf(error: unknown): string | null {
  if (!(error instanceof Database.SqliteError)) return null;
  if (error.code === 'SQLITE_NOTADB') return `it is not a SQLite database (SQLite says: ${error.message})`;
  if (error.code.startsWith('SQLITE_CORRUPT')) return `SQLite finds it corrupt (${error.message})`;
  return null;
}

/** A `DamagedDatabaseError` for SQLite's "not a database" and "corrupt"; any other error as it was. */
function asDamagedIfSo(error: unknown, file: string): unknown {
  const reason = error instanceof DamagedDatabaseError ? null : damageReasonOf(error);
  return reason === null ? error : new DamagedDatabaseError(file, reason, { cause: error });
}

/**
 * Refuses an existing file that is not SQLite or fails quick_check. It reads through a read-only
 * connection, which never checkpoints on close, so a damaged file and its WAL stay byte-identical.
 */
function refuseIfDamaged(file: string): void {
  if (!existsSync(file)) return;
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  try {
    reader.pragma('busy_timeout = 5000');
    const findings = (reader.pragma(`quick_check(${QUICK_CHECK_FINDINGS_SHOWN})`) as { quick_check: string }[]).map((row) => row.quick_check);
    if (findings.length === 1 && findings[0] === 'ok') return;
    throw new DamagedDatabaseError(file, `it fails SQLite's integrity check (${findings.join('; ').replace(/\s+/g, ' ')})`);
  } catch (error) {
    throw asDamagedIfSo(error, file);
  } finally {
    reader.close();
  }
}

/**
 * Opens (or creates) the engine's database: checked, WAL, NORMAL sync, foreign keys, a busy timeout,
 * migrated (DESIGN §9). A file that is not SQLite or fails quick_check is refused with a
 * `DamagedDatabaseError` before anything writes to it; a newer schema with a `NewerSchemaError`.
 */
export function openDatabase(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  refuseIfDamaged(file);
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
    throw asDamagedIfSo(error, file);
  }
}

/**
 * Opens the database of a folder another engine holds, for reading only: no migration, no
 * checkpoint, no write of any kind. Its schema must be the one this build knows.
 */
export function openDatabaseReadOnly(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const version = schemaVersionOf(db);
    const latest = latestSchemaVersion();
    if (version > latest) throw new NewerSchemaError(file, version, latest);
    if (version < latest)
      throw new Error(`${file} has schema version ${version}; the Autoloop holding it has not upgraded it to ${latest} yet. Try again once it has started.`);
    return db;
  } catch (error) {
    db.close();
    throw asDamagedIfSo(error, file);
  }
}
