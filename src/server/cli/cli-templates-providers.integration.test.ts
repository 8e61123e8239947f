import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/testing/temp-engine';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-tp-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function autoloop(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'autoloop.js'), ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
}

describe('autoloop templates new/import/export', () => {
  it('creates a template from the skeleton that lints clean, exports it, and imports a copy under another name', () => {
    const created = autoloop('templates', 'new', 'my-goal');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(readFileSync(join(dataDir, 'templates', 'my-goal.md'), 'utf8')).toContain('name: my-goal');
    const lint = autoloop('templates', 'lint', 'my-goal');
    expect(lint.status).toBe(0);
    expect(lint.stdout).not.toContain(' error ');
    const file = join(dataDir, 'exported.md');
    expect(autoloop('templates', 'export', 'my-goal', '-o', file).status).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: my-goal', 'name: my-goal-two'));
    const imported = autoloop('templates', 'import', file);
    expect(imported.status).toBe(0);
    expect(autoloop('templates', 'ls', '--json').stdout).toContain('"name":"my-goal-two"');
  });

  it('copies a built-in with --from and refuses a clash with a built-in name', () => {
    expect(autoloop('templates', 'new', 'my-counter', '--from', 'demo-counter').status).toBe(0);
    const badName = autoloop('templates', 'new', 'Bad Name');
    expect(badName.status).toBe(2);
    expect(badName.stderr).toContain('"Bad Name" cannot be a template name: use 1–64 lower-case letters, digits and dashes');
    expect(badName.stderr).not.toContain('✖');
    const clash = autoloop('templates', 'new', 'demo-counter');
    expect(clash.status).not.toBe(0);
    expect(clash.stderr).toContain('demo-counter');
  });

  it('says why a file it cannot name is refused: broken YAML is not "no name:", and --name imports it', () => {
    const file = join(dataDir, 'broken.md');
    writeFileSync(file, '---\nname: broken\ndescription: "unclosed\n---\nBody\n');
    const refused = autoloop('templates', 'import', file);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('its front-matter is not valid YAML (');
    expect(refused.stderr).toContain('autoloop templates lint FILE shows where');
    expect(refused.stderr).toContain('--name NAME');
    const bare = join(dataDir, 'bare.md');
    writeFileSync(bare, 'Just a program.\n');
    expect(autoloop('templates', 'import', bare).stderr).toContain('it has no front-matter (--- lines) with a `name:`');
    expect(autoloop('templates', 'import', bare, '--name', 'Bare One').stderr).toContain('"Bare One" cannot be a template name');
    expect(autoloop('templates', 'import', bare, '--name', 'bare').status).toBe(0);
  });
});

describe('autoloop providers', () => {
  it('adds, lists, tests and removes a provider without ever printing a key', () => {
    expect(autoloop('providers', 'add', 'local', '--type', 'openai-compatible', '--base-url', 'http://127.0.0.1:9/v1').status).toBe(0);
    const listed = autoloop('providers', 'ls');
    expect(listed.stdout).toContain('local');
    expect(listed.stdout).toContain('openai-compatible');
    const tested = autoloop('providers', 'test', 'local');
    expect(tested.status).toBe(1);
    expect(tested.stdout).toContain('local:');
    expect(autoloop('providers', 'remove', 'local').stdout).not.toContain('local ');
    expect(autoloop('providers', 'add', 'x', '--type', 'nope').status).toBe(2);
  });
});
