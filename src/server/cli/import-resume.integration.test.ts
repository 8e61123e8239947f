import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServeProcess, autoloopSync, startServe } from '../testing/cli-process';

// Resuming an imported run from the CLI, as a person types it: it must be confirmed, and the refusal says how.

const exporting = mkdtempSync(join(tmpdir(), 'autoloop-cli-export-'));
const importing = mkdtempSync(join(tmpdir(), 'autoloop-cli-import-'));
let serve: ServeProcess | null = null;
afterAll(async () => {
  await serve?.stop();
  rmSync(exporting, { recursive: true, force: true });
  rmSync(importing, { recursive: true, force: true });
});

describe('autoloop resume of an imported run', () => {
  it('refuses without --confirm-import, saying the command that confirms it, and resumes with it', async () => {
    const paused = autoloopSync(exporting, 'run', 'demo-counter', '--interval', '0s', '--max-tokens', '1', '--name', 'moved', '--isolation', 'none');
    expect(paused.status, paused.stderr).toBe(3);
    const file = join(exporting, 'moved.json');
    expect(autoloopSync(exporting, 'export', 'moved', '-o', file).status).toBe(0);
    expect(autoloopSync(importing, 'import', file).status).toBe(0);
    serve = await startServe(importing);

    const refused = autoloopSync(importing, 'resume', 'moved', '--max-tokens', '0');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('The run "moved" was imported: confirm its profile (now ask)');
    expect(refused.stderr).toContain('autoloop resume moved --confirm-import (with --profile P, --workdir DIR or --model M to choose others)');

    const resumed = autoloopSync(importing, 'resume', 'moved', '--max-tokens', '0', '--confirm-import', '--profile', 'read-only');
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('Resumed moved');
  });
});

describe('autoloop import of what is no bundle', () => {
  it('says in one line what the file is, for a missing file, a folder and JSON of another kind', () => {
    const missing = autoloopSync(importing, 'import', join(importing, 'nothere.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`autoloop: Cannot import ${join(importing, 'nothere.json')}: there is no such file`);
    const folder = autoloopSync(importing, 'import', exporting);
    expect(folder.stderr.trim()).toBe(`autoloop: Cannot import ${exporting}: it is a folder, not a bundle file`);
    const other = join(exporting, 'other.json');
    writeFileSync(other, '{}');
    const refused = autoloopSync(importing, 'import', other);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(
      'autoloop: Not imported: this is not an Autoloop run bundle (autoloop-run-bundle, version 1); export one with `autoloop export <run> -o FILE`',
    );
  });
});
