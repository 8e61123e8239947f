import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../core/logger';
import { DEFAULT_DESKTOP_SETTINGS } from './desktop-settings';
import { readJsonFile } from './json-file';
import { loadDesktopSettings } from './load-desktop-settings';

const folders: string[] = [];
const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'autoloop-desktop-'));
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('loadDesktopSettings', () => {
  it('writes the defaults where a person can find them when there is no file', () => {
    const file = join(folder(), 'desktop-settings.json');
    expect(loadDesktopSettings(file, createMemoryLogger())).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(readJsonFile(file).value).toEqual(DEFAULT_DESKTOP_SETTINGS);
  });

  it('reads a person\u2019s choices, and keeps a broken file untouched while the defaults apply', () => {
    const dir = folder();
    const chosen = join(dir, 'chosen.json');
    writeFileSync(chosen, JSON.stringify({ approvalDialogs: false }));
    expect(loadDesktopSettings(chosen, createMemoryLogger()).approvalDialogs).toBe(false);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "approvalDialogs": fals');
    const log = createMemoryLogger();
    expect(loadDesktopSettings(broken, log)).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(log.lines[0]).toContain('not valid JSON');
  });
});
