import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonFile, writeJsonFile } from './json-file';

const folders: string[] = [];
const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'autoloop-json-file-'));
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('readJsonFile and writeJsonFile', () => {
  it('write then read gives the value back, and leaves no temporary file', () => {
    const dir = folder();
    const file = join(dir, 'nested', 'state.json');
    writeJsonFile(file, { a: 1 });
    expect(readJsonFile(file)).toEqual({ value: { a: 1 }, problem: null });
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
    expect(readFileSync(file, 'utf8')).toBe('{\n  "a": 1\n}\n');
  });

  it('a missing file is null with no problem; a broken one is null with the reason', () => {
    const dir = folder();
    expect(readJsonFile(join(dir, 'missing.json'))).toEqual({ value: null, problem: null });
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    const broken = readJsonFile(join(dir, 'broken.json'));
    expect(broken.value).toBeNull();
    expect(broken.problem).toContain('is not valid JSON');
  });
});
