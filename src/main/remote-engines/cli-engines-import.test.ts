import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/testing/temp-engine';
import { createSecretBox } from '../security/secret-box';
import { aesStorage } from '../testing/aes-storage';
import { cliEnginesPath, cliImportPlan, importCliEngines } from './cli-engines-import';
import { openDesktopEnginesFile } from './desktop-engines-file';

// The CLI's engines.json is written by the real `autoloop engines add` (bin/autoloop.js; `npx electron-vite build` first),
// then read by the desktop app's import in the same data folder.
const AUTOLOOP_BIN = join(REPO_ROOT, 'bin', 'autoloop.js');
let dir: string;
const BOX_TOKEN = 'alt_box-token-0123456789abcdef';
const LAB_TOKEN = 'alt_lab-token-0123456789abcdef';

function cliAdd(name: string, url: string, token: string, extra: string[] = [], env: Record<string, string> = {}): void {
  const added = spawnSync(process.execPath, [AUTOLOOP_BIN, 'engines', 'add', name, url, '--no-check', ...extra, '--data-dir', dir], {
    input: `${token}\n`,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', AUTOLOOP_TOKEN: '', AUTOLOOP_ENGINE: '', ...env },
  });
  expect(added.status, added.stderr).toBe(0);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'autoloop-cli-import-'));
  const caPath = join(dir, 'box-ca.pem');
  writeFileSync(caPath, 'PEM');
  cliAdd('box', 'https://box.lan:4317', BOX_TOKEN, ['--ca', caPath], { AUTOLOOP_APPROVER_CODE: 'AAAAA-BBBBB' });
  cliAdd('lab', 'https://lab.lan:4317', LAB_TOKEN);
  // The CLI only warns about plain HTTP on another machine; the desktop app refuses it.
  cliAdd('plain', 'http://plain.lan:4317', 'alt_plain-token');
  cliAdd('kept', 'https://new.kept.lan:4317', 'alt_kept-token-from-cli');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importing the CLI’s named engines into the desktop app', () => {
  it('lists what would come in without tokens, seals the tokens it imports, never overwrites a kept name, and leaves the CLI’s file alone', () => {
    const cliPath = cliEnginesPath(dir);
    expect(statSync(cliPath).mode & 0o777).toBe(0o600);
    const cliText = readFileSync(cliPath, 'utf8');
    expect(cliText).toContain(BOX_TOKEN); // the CLI keeps them in plain text
    const file = openDesktopEnginesFile(dir, createSecretBox(aesStorage()));
    file.add({ name: 'kept', url: 'https://kept.lan:4317', token: 'alt_desktop-own-token' });

    const plan = cliImportPlan(dir, file);
    expect(plan.path).toBe(cliPath);
    expect(plan.engines).toEqual([
      { name: 'box', url: 'https://box.lan:4317', ca: join(dir, 'box-ca.pem'), hasApproverCode: true, skipped: null },
      { name: 'lab', url: 'https://lab.lan:4317', ca: null, hasApproverCode: false, skipped: null },
      { name: 'plain', url: 'http://plain.lan:4317', ca: null, hasApproverCode: false, skipped: expect.stringContaining('plain HTTP on another machine') },
      {
        name: 'kept',
        url: 'https://new.kept.lan:4317',
        ca: null,
        hasApproverCode: false,
        skipped: 'the desktop app already has an engine called kept: kept as it is',
      },
    ]);
    expect(JSON.stringify(plan)).not.toContain('alt_');

    // Only what the person was shown and chose; a skipped one is reported, not imported.
    const result = importCliEngines(dir, file, ['box', 'plain', 'kept']);
    expect(result.imported).toEqual(['box']);
    expect(result.problems).toEqual([expect.stringMatching(/^plain: .*plain HTTP/), 'kept: the desktop app already has an engine called kept: kept as it is']);
    expect(file.list().map((engine) => engine.name)).toEqual(['kept', 'box']);
    const desktopText = readFileSync(file.path, 'utf8');
    expect(desktopText).not.toContain(BOX_TOKEN);
    expect(desktopText).not.toContain('AAAAA-BBBBB');
    expect(file.connectionOf('box')).toMatchObject({ target: { socketUrl: 'wss://box.lan:4317/api', token: BOX_TOKEN }, approverCode: 'AAAAA-BBBBB' });
    expect(file.connectionOf('kept').target).toMatchObject({ socketUrl: 'wss://kept.lan:4317/api', token: 'alt_desktop-own-token' });
    expect(readFileSync(cliPath, 'utf8')).toBe(cliText);

    // Imported once: the next plan says so, and lab is still offered.
    expect(cliImportPlan(dir, file).engines.map((engine) => [engine.name, engine.skipped === null])).toEqual([
      ['box', false],
      ['lab', true],
      ['plain', false],
      ['kept', false],
    ]);
    expect(importCliEngines(dir, file, ['lab'])).toEqual({ imported: ['lab'], problems: [] });
  });

  it('offers nothing without a CLI file, and refuses a damaged one with what to do', () => {
    const empty = mkdtempSync(join(tmpdir(), 'autoloop-cli-import-empty-'));
    try {
      const file = openDesktopEnginesFile(empty, createSecretBox(aesStorage()));
      expect(cliImportPlan(empty, file)).toEqual({ path: cliEnginesPath(empty), engines: [] });
      writeFileSync(cliEnginesPath(empty), '{"engines": 3}');
      expect(() => cliImportPlan(empty, file)).toThrow(/cannot be read as the CLI's engines .*autoloop engines ls/);
      writeFileSync(cliEnginesPath(empty), '{"engines": [{"name": "half"}]}');
      expect(cliImportPlan(empty, file).engines).toEqual([
        { name: 'half', url: '', ca: null, hasApproverCode: false, skipped: 'its entry is incomplete (no address or token)' },
      ]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
