import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/testing/temp-engine';
import { parsePairs, splitCommand } from './commands/mcp-command';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-mcp-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const FIXTURE = join(REPO_ROOT, 'e2e', 'fixtures', 'mcp-fixture-server.mjs');

function autoloop(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'autoloop.js'), ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
}

describe('autoloop mcp', () => {
  it('adds a server, lists it without its secret values, tests it, and removes it', () => {
    const added = autoloop('mcp', 'add', 'fix', '--command', `"${process.execPath}" ${FIXTURE}`, '--env', 'FIXTURE_TOKEN=very-secret-value');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const listed = autoloop('mcp', 'ls');
    expect(listed.stdout).toMatch(/fix\s+stdio\s+.*mcp-fixture-server\.mjs\s+FIXTURE_TOKEN\s+yes/);
    expect(listed.stdout + autoloop('mcp', 'ls', '--json').stdout).not.toContain('very-secret-value');
    const tested = autoloop('mcp', 'test', 'fix');
    expect(tested.status).toBe(0);
    expect(tested.stdout).toContain('fix: The server answered with 3 tools.');
    expect(tested.stdout).toContain('mcp__fix__read_note (read-only)');
    // A run that gets the server: `show` names it.
    const ran = autoloop('run', 'demo-counter', '--mcp', 'fix', '--name', 'with-mcp');
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    expect(autoloop('show', 'with-mcp').stdout).toMatch(/MCP servers\s+fix/);
    // The tools the test listed are kept with the server.
    expect(autoloop('mcp', 'ls').stdout).toMatch(/read_note, write_note, hang/);
    expect(autoloop('mcp', 'remove', 'fix').stdout).toContain('No MCP servers yet');
  });

  it('turns a server off and on, and edits it keeping the secret values not given again', () => {
    expect(autoloop('mcp', 'add', 'ed', '--command', `"${process.execPath}" ${FIXTURE}`, '--env', 'FIXTURE_TOKEN=kept-secret', '--env', 'OTHER=x').status).toBe(
      0,
    );
    const disabled = autoloop('mcp', 'disable', 'ed');
    expect(disabled.status).toBe(0);
    expect(disabled.stdout).toMatch(/ed\s+stdio.*no \(disabled\)/);
    const refused = autoloop('run', 'demo-counter', '--mcp', 'ed', '--name', 'with-disabled');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('The MCP server "ed" is turned off');
    expect(autoloop('mcp', 'enable', 'ed').stdout).toMatch(/ed\s+stdio.*\byes\b/);
    const edited = autoloop('mcp', 'edit', 'ed', '--command', `"${process.execPath}" ${FIXTURE} --garbage`, '--unset', 'OTHER', '--timeout', '30');
    expect(edited.stderr).toBe('');
    expect(edited.stdout).toMatch(/--garbage\s+FIXTURE_TOKEN\s+yes/);
    const tested = autoloop('mcp', 'test', 'ed');
    expect(tested.status).toBe(0);
    expect(autoloop('mcp', 'edit', 'ed').stderr).toContain('nothing to change');
    expect(autoloop('mcp', 'edit', 'ed', '--unset', 'NOPE').stderr).toContain('ed has no environment variable or header NOPE');
    expect(autoloop('mcp', 'disable', 'nope').stderr).toContain('There is no MCP server called "nope"');
  });

  it('says what is wrong with bad input', () => {
    expect(autoloop('mcp', 'add', 'x').stderr).toContain('give one of --command or --url');
    expect(autoloop('mcp', 'add', 'x', '--url', 'http://127.0.0.1:9/mcp', '--header', 'NoEquals').status).toBe(2);
    expect(autoloop('mcp', 'add', 'x__y', '--command', 'true').status).toBe(2);
    expect(autoloop('mcp', 'add', 'bad', '--command', '/nonexistent/mcp-server').status).toBe(0);
    const failed = autoloop('mcp', 'test', 'bad');
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('bad: The server could not be used');
    // Plain words, not a schema dump, for a bad URL or name.
    const badUrl = autoloop('mcp', 'add', 'web', '--url', 'not a url');
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr).toContain("--url takes the server's http:// or https:// address");
    expect(autoloop('mcp', 'edit', 'bad', '--url', 'ftp://files.test/mcp').stderr).toContain('--url takes');
    const badName = autoloop('mcp', 'add', 'bad name!', '--command', 'true');
    expect(badName.status).toBe(2);
    expect(badName.stderr).toContain('"bad name!" cannot be an MCP server\'s name: an MCP server name is 1–31 letters');
    expect(badUrl.stderr + badName.stderr).not.toContain('✖');
  });

  it('refuses to add a server over one of the same name, keeping the first and its sealed values', () => {
    expect(autoloop('mcp', 'add', 'twice', '--command', 'true', '--env', 'TOKEN=first-secret').status).toBe(0);
    const again = autoloop('mcp', 'add', 'twice', '--command', 'false');
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('An MCP server called "twice" exists already: edit it');
    expect(again.stderr).toContain('autoloop mcp edit twice');
    const [kept] = autoloop('mcp', 'ls', '--json')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; command: string; envNames: string[] })
      .filter((server) => server.name === 'twice');
    expect(kept).toMatchObject({ command: 'true', envNames: ['TOKEN'] });
  });
});

describe('splitCommand and parsePairs', () => {
  it('splits words, keeping quoted ones together', () => {
    expect(splitCommand(`npx -y "@scope/server pkg" --root='a b' x`)).toEqual(['npx', '-y', '@scope/server pkg', '--root=a b', 'x']);
    expect(parsePairs(['A=1', 'B=env:TOKEN', 'C=x=y'], '--env')).toEqual({ A: '1', B: 'env:TOKEN', C: 'x=y' });
  });
});
