import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexHomeFor } from './codex-launch';

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
