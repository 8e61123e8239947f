import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InitMessage } from '../../../shared/protocol';
import { codexHomeFor, codexLaunch, installRootOf } from './codex-launch';

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

describe('codexLaunch', () => {
  it('never binds the data folder back into its bubblewrap, even when it is the working folder; a run folder in it, yes', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-codex-data-'));
    const workspace = join(dataDir, 'workspaces', 'r1');
    mkdirSync(workspace, { recursive: true });
    const home = codexHomeFor('r1', mkdtempSync(join(tmpdir(), 'autoloop-codex-base-'))).path;
    const launchIn = (workdir: string, readOnlyWorkdir: boolean) =>
      codexLaunch(
        {
          workdir,
          outputDir: workdir,
          permissions: { profile: readOnlyWorkdir ? 'read-only' : 'workspace-write' },
          sandbox: { kind: 'bwrap', dataDir, readOnlyWorkdir, network: [], passEnv: [], removeEnv: [] },
        } as unknown as InitMessage,
        '/usr/bin/codex',
        [],
        { codexHome: home, writable: [] },
      ).args.join(' ');
    for (const readOnly of [false, true]) {
      const args = launchIn(dataDir, readOnly);
      expect(args).toContain(`--tmpfs ${dataDir}`);
      expect(args).not.toContain(`bind ${dataDir} ${dataDir}`);
      expect(launchIn(workspace, readOnly)).toContain(`bind ${workspace} ${workspace}`);
    }
  });
});
