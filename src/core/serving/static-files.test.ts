import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStaticFile } from './static-files';

describe('readStaticFile', () => {
  const parent = mkdtempSync(join(tmpdir(), 'autoloop-static-'));
  const root = join(parent, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<html></html>');
  writeFileSync(join(root, 'assets', 'app.js'), 'x');
  writeFileSync(join(parent, 'secret.txt'), 'do not serve');

  it('serves index.html for / and files with their content type', async () => {
    expect((await readStaticFile(root, '/'))?.contentType).toBe('text/html; charset=utf-8');
    expect((await readStaticFile(root, '/assets/app.js'))?.contentType).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file outside the folder, however the path is spelled', async () => {
    expect(await readStaticFile(root, '/../secret.txt')).toBeNull();
    expect(await readStaticFile(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(await readStaticFile(root, '/assets/../../secret.txt')).toBeNull();
    expect(await readStaticFile(root, '/missing.js')).toBeNull();
  });
});
