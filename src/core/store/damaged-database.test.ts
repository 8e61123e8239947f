import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { DamagedDatabaseError, NewerSchemaError } from './database-errors';
import { realDatabase, removeTempFiles, tempFile } from './testing/damaged-files';

afterEach(removeTempFiles);

/** A page number from a query on the closed file: the first one, or the one in the middle. */
function pageOf(file: string, sql: string, which: 'first' | 'middle'): number {
  const raw = new Database(file, { readonly: true });
  const pages = raw.prepare(sql).pluck().all() as number[];
  raw.close();
  const page = pages[which === 'first' ? 0 : Math.floor(pages.length / 2)];
  if (page === undefined) throw new Error(`no page for ${sql}`);
  return page;
}

function overwritePage(file: string, page: number): void {
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  bytes.fill(0xab, (page - 1) * pageSize, page * pageSize);
  writeFileSync(file, bytes);
}

/** Runs `openDatabase`, expecting a refusal, and proves the file is byte-identical and nothing was added. */
function refusal(file: string): DamagedDatabaseError {
  const before = readFileSync(file);
  const neighbours = readdirSync(dirname(file));
  let caught: unknown;
  try {
    openDatabase(file).close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DamagedDatabaseError);
  expect(readFileSync(file).equals(before)).toBe(true);
  // SQLite's read-only reader may leave an empty -wal and a -shm index next to a WAL-mode file; nothing else appears.
  const added = readdirSync(dirname(file)).filter((name) => !neighbours.includes(name));
  expect(added.every((name) => name === `${basename(file)}-shm` || (name === `${basename(file)}-wal` && statSync(join(dirname(file), name)).size === 0))).toBe(
    true,
  );
  return caught as DamagedDatabaseError;
}

function expectAdvice(error: DamagedDatabaseError, file: string): void {
  expect(error.file).toBe(file);
  expect(error.message).toContain('Autoloop has not changed it and will not open it.');
  expect(error.message).toContain('restore it from a backup');
  expect(error.message).toContain(`--move-damaged-db`);
  expect(error.message).toContain(
    `renames it to ${file}.damaged-<UTC time> (with its -wal and -shm files) and starts a fresh, empty database. Nothing is deleted.`,
  );
}

describe('openDatabase on a damaged file', () => {
  it('refuses a text file, naming it and saying it is not a SQLite database, and leaves it as it was', () => {
    const file = tempFile();
    writeFileSync(file, 'These are my notes, not a database.\n'.repeat(20));
    const error = refusal(file);
    expect(error.reason).toBe('it is not a SQLite database (SQLite says: file is not a database)');
    expect(error.message).toMatch(new RegExp(`^The database ${file} is damaged: it is not a SQLite database \\(SQLite says: file is not a database\\)\\. `));
    expectAdvice(error, file);
  });

  it('refuses a file of random bytes and leaves it as it was', () => {
    const file = tempFile();
    writeFileSync(file, randomBytes(16_384));
    const error = refusal(file);
    expect(error.message).toContain(`The database ${file} is damaged: it is not a SQLite database`);
    expectAdvice(error, file);
  });

  it('refuses a real database truncated to half its size and leaves it as it was', () => {
    const file = realDatabase();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const error = refusal(file);
    expect(error.reason).toBe('SQLite finds it corrupt (database disk image is malformed)');
    expect(error.message).toContain(`The database ${file} is damaged: SQLite finds it corrupt (database disk image is malformed).`);
    expectAdvice(error, file);
  });

  it('refuses a real database with an event page in the middle overwritten and leaves it as it was', () => {
    const file = realDatabase();
    const page = pageOf(file, "SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno", 'middle');
    overwritePage(file, page);
    const error = refusal(file);
    expect(error.reason).toBe('SQLite finds it corrupt (database disk image is malformed)');
    expectAdvice(error, file);
  });

  it('refuses a real database whose index page is overwritten, quoting quick_check, and leaves it as it was', () => {
    const file = realDatabase();
    const page = pageOf(file, "SELECT rootpage FROM sqlite_master WHERE name = 'runs_created_at'", 'first');
    overwritePage(file, page);
    const error = refusal(file);
    expect(error.reason).toMatch(new RegExp(`^it fails SQLite's integrity check \\(\\*\\*\\* in database main \\*\\*\\* Tree ${page} page ${page}: .+\\)$`));
    expect(error.message).toContain(`The database ${file} is damaged: it fails SQLite's integrity check (*** in database main *** Tree ${page} page ${page}`);
    expectAdvice(error, file);
  });

  it('leaves a damaged database with uncheckpointed WAL frames and its -wal file byte-identical', () => {
    const file = realDatabase();
    const writer = new Database(file);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("INSERT INTO settings (key, value) VALUES ('k', 'in the WAL only')").run();
    const root = writer.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'events'").pluck().get() as number;
    const pageSize = writer.pragma('page_size', { simple: true }) as number;
    // Copy the pair while the writer holds the frames, as a crash would leave them.
    const copy = join(dirname(file), 'copy.db');
    writeFileSync(copy, readFileSync(file));
    writeFileSync(`${copy}-wal`, readFileSync(`${file}-wal`));
    writer.close();
    const bytes = readFileSync(copy);
    bytes.fill(0xab, (root - 1) * pageSize, root * pageSize);
    writeFileSync(copy, bytes);
    const wal = readFileSync(`${copy}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    refusal(copy);
    expect(readFileSync(`${copy}-wal`).equals(wal)).toBe(true);
  });

  it('still opens an empty file as a fresh database', () => {
    const file = tempFile();
    writeFileSync(file, '');
    const db = openDatabase(file);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'runs'").pluck().get()).toBe(1);
    db.close();
  });

  it('refuses a newer schema with a NewerSchemaError carrying the versions', () => {
    const file = realDatabase();
    const raw = new Database(file);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'future', 'x');
    raw.close();
    expect(() => openDatabase(file)).toThrow(NewerSchemaError);
    expect(() => openDatabase(file)).toThrow(`${file} has schema version 999, but this Autoloop knows only up to`);
  });
});
