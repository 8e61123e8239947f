import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { moveDamagedDatabaseAside, openDatabaseMovingDamagedAside } from './move-damaged-database';
import { MOVED_SUFFIX, NOW, realDatabase, removeTempFiles, tempFile } from './testing/damaged-files';

afterEach(removeTempFiles);

describe('moveDamagedDatabaseAside', () => {
  it('renames the file and its -wal and -shm to <file>.damaged-<UTC time>, after which a fresh database opens', () => {
    const file = tempFile();
    const content = randomBytes(4_096);
    writeFileSync(file, content);
    writeFileSync(`${file}-wal`, 'wal');
    writeFileSync(`${file}-shm`, 'shm');
    const movedTo = moveDamagedDatabaseAside(file, NOW);
    expect(movedTo).toBe(`${file}${MOVED_SUFFIX}`);
    expect(readFileSync(movedTo).equals(content)).toBe(true);
    expect(readFileSync(`${movedTo}-wal`, 'utf8')).toBe('wal');
    expect(readFileSync(`${movedTo}-shm`, 'utf8')).toBe('shm');
    expect(existsSync(`${file}-wal`) || existsSync(`${file}-shm`)).toBe(false);
    const db = openDatabase(file);
    expect(db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(0);
    db.close();
  });

  it('never overwrites an earlier damaged copy from the same second', () => {
    const file = tempFile();
    writeFileSync(file, 'first');
    const first = moveDamagedDatabaseAside(file, NOW);
    writeFileSync(file, 'second');
    const second = moveDamagedDatabaseAside(file, NOW);
    expect(basename(second)).toBe(`autoloop.db${MOVED_SUFFIX}-2`);
    expect([readFileSync(first, 'utf8'), readFileSync(second, 'utf8')]).toEqual(['first', 'second']);
  });

  it('refuses to move a file that does not exist', () => {
    const file = tempFile();
    expect(() => moveDamagedDatabaseAside(file, NOW)).toThrow(`There is no database at ${file} to move aside`);
  });
});

describe('openDatabaseMovingDamagedAside', () => {
  it('moves a damaged file aside and opens a fresh database', () => {
    const file = tempFile();
    writeFileSync(file, 'not a database');
    const { db, movedTo } = openDatabaseMovingDamagedAside(file, NOW);
    expect(movedTo).toBe(`${file}${MOVED_SUFFIX}`);
    expect(readFileSync(`${file}${MOVED_SUFFIX}`, 'utf8')).toBe('not a database');
    expect(db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(0);
    db.close();
  });

  it('opens a healthy database as it is and moves nothing', () => {
    const file = realDatabase();
    const { db, movedTo } = openDatabaseMovingDamagedAside(file, NOW);
    expect(movedTo).toBeNull();
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(2_000);
    db.close();
    expect(readdirSync(dirname(file)).filter((name) => name.includes('.damaged-'))).toEqual([]);
  });
});
