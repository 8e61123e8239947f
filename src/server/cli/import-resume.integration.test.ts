import { mkdtempSync, rmSync } from 'node:fs';
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
