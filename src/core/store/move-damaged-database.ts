import { existsSync, renameSync } from 'node:fs';
import { type Db, openDatabase } from './database';
import { DamagedDatabaseError } from './database-errors';

/** The files SQLite keeps next to a database; they belong to it and move with it. */
const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/** `2026-11-26T10-00-00Z`: a UTC time that is safe in a file name on every system. */
function fileTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replaceAll(':', '-')}Z`;
}

/** The first `<file>.damaged-<UTC time>[-n]` that is free for the file and all its companions. */
function freeDamagedPath(file: string, now: Date): string {
  const base = `${file}.damaged-${fileTimestamp(now)}`;
  const isFree = (path: string): boolean => !existsSync(path) && COMPANION_SUFFIXES.every((suffix) => !existsSync(path + suffix));
  if (isFree(base)) return base;
  for (let n = 2; ; n += 1) {
    if (isFree(`${base}-${n}`)) return `${base}-${n}`;
  }
}

/**
 * Renames a damaged database to `<file>.damaged-<UTC time>` with its -wal, -shm and -journal files, and
 * returns the new path. Never deletes and never overwrites. Only on the person's explicit request.
 */
export function moveDamagedDatabaseAside(file: string, now: Date = new Date()): string {
  if (!existsSync(file)) throw new Error(`There is no database at ${file} to move aside`);
  const target = freeDamagedPath(file, now);
  // Companions first: a WAL left behind next to a fresh database would be replayed into it.
  for (const suffix of COMPANION_SUFFIXES) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  renameSync(file, target);
  return target;
}

/**
 * The reset option (`--move-damaged-db`, the app's button): opens the database, and only if it is
 * damaged, moves it aside and opens a fresh one. A healthy database is opened as it is, never moved.
 */
export function openDatabaseMovingDamagedAside(file: string, now: Date = new Date()): Readonly<{ db: Db; movedTo: string | null }> {
  try {
    return { db: openDatabase(file), movedTo: null };
  } catch (error) {
    if (!(error instanceof DamagedDatabaseError)) throw error;
    const movedTo = moveDamagedDatabaseAside(file, now);
    return { db: openDatabase(file), movedTo };
  }
}
