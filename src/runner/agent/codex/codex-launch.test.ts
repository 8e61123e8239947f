import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexHomeFor, installRootOf } from './codex-launch';

describe('codexHomeFor', () => {
  it('makes the run’s private home (0700) and takes it again after a pause', () => {
    const base = mkdtempSync(join(tmpdir(), 'autoloop-codex-base-'));
    const home = codexHomeFor('run/1', base);
    expect(home.path).toBe(join(base, 'autoloop-codex-home-run_1'));
    expect(statSync(home.path).mode & 0o777).toBe(0o700);
    expect(codexHomeFor('run/1', base)).toEqual(home);
  });

  it('refuses a folder someone else prepared: readable by others, or a link', () => {
    const base = mkdtempSync(join(tmpdir(), 'autoloop-codex-base-'));
    mkdirSync(join(base, 'autoloop-codex-home-open'));
    chmodSync(join(base, 'autoloop-codex-home-open'), 0o755);
    expect(() => codexHomeFor('open', base)).toThrow('is not a private folder of this user');
    const target = mkdtempSync(join(tmpdir(), 'autoloop-codex-target-'));
    symlinkSync(target, join(base, 'autoloop-codex-home-linked'));
    expect(() => codexHomeFor('linked', base)).toThrow('is not a private folder of this user');
  });
});

describe('installRootOf', () => {
  it('is the node_modules folder an npm-installed binary lives in (its launcher finds the platform binary beside it), through links', () => {
    const root = mkdtempSync(join(tmpdir(), 'autoloop-install-'));
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    mkdirSync(join(root, 'node_modules', '@openai', 'codex', 'bin'), { recursive: true });
    writeFileSync(join(root, 'node_modules', '@openai', 'codex', 'bin', 'codex.js'), '');
    symlinkSync('../@openai/codex/bin/codex.js', join(root, 'node_modules', '.bin', 'codex'));
    expect(installRootOf(join(root, 'node_modules', '.bin', 'codex'))).toBe(join(root, 'node_modules'));
  });

  it('is the binary’s own folder elsewhere, and null for a binary that is not there', () => {
    const root = mkdtempSync(join(tmpdir(), 'autoloop-install-'));
    writeFileSync(join(root, 'codex'), '');
    expect(installRootOf(join(root, 'codex'))).toBe(root);
    expect(installRootOf(join(root, 'missing'))).toBeNull();
  });
});
