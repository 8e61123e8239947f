import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/testing/temp-engine';
import { findCodexAgent } from '../../core/agents/find-agents';

// `autoloop agents` against a real engine on a temp data folder, with the real codex binary the npm package carries.

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-agents-'));
const folder = mkdtempSync(join(tmpdir(), 'autoloop-cli-agents-bin-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
});

function autoloop(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'autoloop.js'), ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    timeout: 60_000,
    cwd: folder,
  });
}

describe('autoloop agents set-path and ls', () => {
  it('chooses a codex binary (shown FROM settings), refuses one that cannot run, and clears the choice', async () => {
    const bundled = (await findCodexAgent({ env: { PATH: '/usr/bin:/bin', HOME: folder, CODEX_HOME: folder } })).path;
    if (bundled === null) throw new Error('this test needs the codex binary @openai/codex carries');
    symlinkSync(bundled, join(folder, 'my-codex'));

    const before = autoloop('agents', 'ls');
    expect(before.stderr).toBe('');
    expect(before.stdout).toMatch(/AGENT\s+VERSION\s+SIGNED IN\s+FROM\s+PATH/);
    expect(before.stdout).not.toContain('settings');

    // A relative path is taken from the current folder.
    const set = autoloop('agents', 'set-path', 'codex', 'my-codex');
    expect(set.stderr).toBe('');
    expect(set.status).toBe(0);
    expect(set.stdout).toContain(`at ${join(folder, 'my-codex')} (chosen in settings)`);
    expect(autoloop('agents', 'ls').stdout).toMatch(new RegExp(`codex\\s+codex-cli \\S+\\s+.*\\s+settings\\s+${join(folder, 'my-codex')}`));
    const listed = autoloop('agents', 'ls', '--json')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { agent: string; source: string; path: string });
    expect(listed.find((info) => info.agent === 'codex')).toMatchObject({ source: 'settings', path: join(folder, 'my-codex') });

    writeFileSync(join(folder, 'plain'), 'text');
    chmodSync(join(folder, 'plain'), 0o644);
    const refused = autoloop('agents', 'set-path', 'codex', join(folder, 'plain'));
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`${join(folder, 'plain')} is not executable: make it executable (chmod +x)`);
    const missing = autoloop('agents', 'set-path', 'claude-code', '/nonexistent/claude');
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('/nonexistent/claude does not exist');
    // The refused choices changed nothing.
    expect(autoloop('agents', 'ls', '--json').stdout).toContain(join(folder, 'my-codex'));

    const cleared = autoloop('agents', 'set-path', 'codex', '--clear');
    expect(cleared.stderr).toBe('');
    expect(cleared.status).toBe(0);
    expect(cleared.stdout).not.toContain('chosen in settings');
    expect(autoloop('agents', 'ls').stdout).not.toContain('settings');
  }, 120_000);

  it('shows the first line of what a chosen binary prints for --version, so a banner does not break the table', () => {
    const chatty = join(folder, 'chatty-codex');
    writeFileSync(chatty, '#!/bin/sh\necho "codex-cli 9.9.9"\necho "Copyright and a long banner"\necho "more lines"\n');
    chmodSync(chatty, 0o755);
    const set = autoloop('agents', 'set-path', 'codex', chatty);
    expect(set.stderr).toBe('');
    const listed = autoloop('agents', 'ls', '--json')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { agent: string; version: string | null });
    expect(listed.find((info) => info.agent === 'codex')?.version).toBe('codex-cli 9.9.9');
    const table = autoloop('agents', 'ls').stdout;
    expect(table).not.toContain('Copyright');
    expect(table.trim().split('\n')).toHaveLength(3);
    expect(autoloop('agents', 'set-path', 'codex', '--clear').status).toBe(0);
  }, 60_000);

  it('says how to use set-path when it is used wrong', () => {
    expect(autoloop('agents', 'set-path', 'codex').stderr).toContain('usage: autoloop agents set-path <claude-code|codex> <PATH> | --clear');
    expect(autoloop('agents', 'set-path', 'codex', '/usr/bin/true', '--clear').status).toBe(2);
    expect(autoloop('agents', 'set-path', 'autoloop', '/usr/bin/true').stderr).toContain('there is no agent called "autoloop"; agents: claude-code, codex');
    expect(autoloop('agents', 'ls', '--clear').stderr).toContain('--clear goes with set-path');
  });
});
