import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../create-engine';
import { embeddedEngineOptions } from '../testing/temp-engine';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('the data folder at rest', () => {
  it('is made private: the folder and workspaces 0700, the database and its WAL 0600, even when it existed with looser rights', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-private-'));
    folders.push(dataDir);
    chmodSync(dataDir, 0o755);
    const engine = createEngine(embeddedEngineOptions(dataDir));
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(dataDir, 'workspaces'))).toBe(0o700);
      for (const file of ['autoloop.db', 'autoloop.db-wal', 'autoloop.db-shm']) expect([file, modeOf(join(dataDir, file))]).toEqual([file, 0o600]);
    } finally {
      await engine.close();
    }
  });
});
