import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/testing/temp-engine';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-notify-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function autoloop(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'autoloop.js'), ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
}

function runLine(ref: string): Record<string, unknown> {
  const shown = autoloop('show', ref, '--json');
  expect(shown.stderr).toBe('');
  const line = shown.stdout
    .split('\n')
    .filter((text) => text.trim() !== '')
    .map((text) => JSON.parse(text) as Record<string, unknown>)
    .find((parsed) => parsed.type === 'run');
  expect(line).toBeDefined();
  return line ?? {};
}

describe('autoloop run --notify, and autoloop show', () => {
  it('says which notifiers a run’s events go to, in words and in --json', () => {
    // Two notifiers on a port nothing listens on: the demo run ends well, so neither is called.
    expect(autoloop('notifiers', 'add', 'phone', '--ntfy', 'http://127.0.0.1:9/phone-topic').status).toBe(0);
    expect(autoloop('notifiers', 'add', 'desk', '--ntfy', 'http://127.0.0.1:9/desk-topic').status).toBe(0);

    const named = autoloop('run', 'demo-counter', '--notify', 'phone', '--name', 'to-phone');
    expect(named.stderr).toBe('');
    expect(named.status).toBe(0);
    expect(autoloop('show', 'to-phone').stdout).toMatch(/Notifiers\s+phone\n/);
    const namedLine = runLine('to-phone');
    expect(namedLine.notifiers).toEqual({ to: 'named', names: ['phone'] });
    expect(namedLine.run).toMatchObject({ notify: ['phone'] });

    expect(autoloop('run', 'demo-counter', '--no-notify', '--name', 'to-none').status).toBe(0);
    expect(autoloop('show', 'to-none').stdout).toMatch(/Notifiers\s+None: no notifier is called for this run\n/);
    expect(runLine('to-none').notifiers).toEqual({ to: 'none' });

    expect(autoloop('run', 'demo-counter', '--name', 'to-all').status).toBe(0);
    expect(autoloop('show', 'to-all').stdout).toMatch(/Notifiers\s+All configured notifiers \(each for the events it is set for\)\n/);
    expect(runLine('to-all').notifiers).toEqual({ to: 'all' });

    const unknown = autoloop('run', 'demo-counter', '--notify', 'pager', '--name', 'to-pager');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('no notifier named "pager"');
  });
});
