import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { createSettingsRepository } from '../store/settings-repository';
import { MOVED_MARKER, adoptLegacyDataFolder, planLegacyDataMove } from './adopt-legacy-data';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));
function tempDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-legacy-'));
  folders.push(folder);
  return folder;
}
const state = {
  legacyDir: '/old',
  dataDir: '/new',
  legacyHasDatabase: true,
  dataDirHasDatabase: false,
  alreadyMoved: false,
  legacyEntries: ['autoloop.db', 'templates'],
};

describe('planLegacyDataMove', () => {
  it('moves an old database into a data folder that has none, and says so once', () => {
    expect(planLegacyDataMove(state)).toMatchObject({ action: 'move', entries: ['autoloop.db', 'templates'], notice: expect.stringContaining('moved') });
    expect(planLegacyDataMove({ ...state, alreadyMoved: true })).toEqual({ action: 'none' });
  });

  it('never merges into a data folder that has its own database, and never moves a folder onto itself', () => {
    expect(planLegacyDataMove({ ...state, dataDirHasDatabase: true })).toMatchObject({ action: 'notice', notice: expect.stringContaining('left where it is') });
    expect(planLegacyDataMove({ ...state, dataDir: '/old' })).toEqual({ action: 'none' });
    expect(planLegacyDataMove({ ...state, legacyHasDatabase: false })).toEqual({ action: 'none' });
  });
});

describe('adoptLegacyDataFolder', () => {
  it('carries the database (with what only its WAL held), templates and run outputs over, and leaves a marker', () => {
    const legacyDir = tempDir();
    const dataDir = join(tempDir(), 'autoloop-home');
    const legacyDb = openDatabase(join(legacyDir, 'autoloop.db'));
    createSettingsRepository(legacyDb, () => undefined).update({ runDefaults: { model: 'openai/gpt-5' } });
    mkdirSync(join(legacyDir, 'templates'));
    writeFileSync(join(legacyDir, 'templates', 'mine.md'), '# Mine\n');
    mkdirSync(join(legacyDir, 'runs', 'r1', 'output'), { recursive: true });
    // The old app is gone but its connection's WAL is still there: the move must not lose it.
    const notice = adoptLegacyDataFolder(legacyDir, dataDir);
    legacyDb.close();
    expect(notice).toMatch(/moved/);
    const moved = openDatabase(join(dataDir, 'autoloop.db'));
    expect(createSettingsRepository(moved, () => undefined).get().runDefaults.model).toBe('openai/gpt-5');
    moved.close();
    expect(readFileSync(join(dataDir, 'templates', 'mine.md'), 'utf8')).toBe('# Mine\n');
    expect(existsSync(join(dataDir, 'runs', 'r1', 'output'))).toBe(true);
    expect(existsSync(join(legacyDir, 'autoloop.db'))).toBe(false);
    expect(existsSync(join(legacyDir, MOVED_MARKER))).toBe(true);
    expect(adoptLegacyDataFolder(legacyDir, dataDir)).toBeNull();
  });
});
