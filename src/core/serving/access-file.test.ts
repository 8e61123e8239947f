import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accessFilePath, loadAccessSecrets } from './access-file';

const folders: string[] = [];
const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'autoloop-access-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadAccessSecrets', () => {
  it('makes the secrets once, keeps them, and replaces them only when asked', () => {
    const dir = folder();
    const first = loadAccessSecrets(dir);
    expect(first.origin).toBe('created');
    expect(statSync(accessFilePath(dir)).mode & 0o777).toBe(0o600);
    expect(loadAccessSecrets(dir)).toEqual({ token: first.token, approverCode: first.approverCode, origin: 'kept' });
    const rotated = loadAccessSecrets(dir, { rotate: true });
    expect(rotated.origin).toBe('rotated');
    expect(rotated.token).not.toBe(first.token);
    expect(rotated.approverCode).not.toBe(first.approverCode);
    expect(JSON.parse(readFileSync(accessFilePath(dir), 'utf8'))).toMatchObject({ token: rotated.token, approverCode: rotated.approverCode });
  });

  it('tightens a kept file that others could read', () => {
    const dir = folder();
    loadAccessSecrets(dir);
    chmodSync(accessFilePath(dir), 0o644);
    expect(loadAccessSecrets(dir).origin).toBe('kept');
    expect(statSync(accessFilePath(dir)).mode & 0o777).toBe(0o600);
  });

  it.each(['not json', '{"token":"short","approverCode":"x","createdAt":"now"}', '{}'])('replaces a damaged file (%s) with fresh secrets', (text) => {
    const dir = folder();
    writeFileSync(accessFilePath(dir), text, { mode: 0o600 });
    const loaded = loadAccessSecrets(dir);
    expect(loaded.origin).toBe('created');
    expect(loaded.token.length).toBeGreaterThanOrEqual(32);
  });
});
