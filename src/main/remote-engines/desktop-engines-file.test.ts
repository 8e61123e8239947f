import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '../security/secret-box';
import { aesStorage } from '../testing/aes-storage';
import { engineUrlProblem, openDesktopEnginesFile } from './desktop-engines-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'autoloop-desktop-engines-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'alt_secret-token-value-1234567890';

describe('the desktop engines file', () => {
  it('keeps engines in desktop-engines.json (0600) with the token and approver code sealed, and lists them without secrets', () => {
    const file = openDesktopEnginesFile(dir, createSecretBox(aesStorage()));
    const added = file.add({ name: 'box', url: 'https://box.lan:4317', token: TOKEN, approverCode: 'AAAAA-BBBBB' });
    expect(added).toEqual({ name: 'box', url: 'https://box.lan:4317', ca: null, hasApproverCode: true });
    const path = join(dir, 'desktop-engines.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('AAAAA-BBBBB');
    expect(JSON.stringify(file.list())).not.toContain(TOKEN);
    expect(file.list()).toEqual([added]);
    const connection = file.connectionOf('box');
    expect(connection).toEqual({ target: { socketUrl: 'wss://box.lan:4317/api', token: TOKEN }, approverCode: 'AAAAA-BBBBB' });
  });

  it('cannot open a token sealed under another key: says to replace the token', () => {
    openDesktopEnginesFile(dir, createSecretBox(aesStorage())).add({ name: 'box', url: 'https://box.lan:4317', token: TOKEN });
    const elsewhere = openDesktopEnginesFile(dir, createSecretBox(aesStorage()));
    expect(() => elsewhere.connectionOf('box')).toThrow(/token of box cannot be opened on this machine .*replace its token/);
  });

  it('reads the CA file at connect time and refuses a missing one', () => {
    const file = openDesktopEnginesFile(dir, createSecretBox(aesStorage()));
    const caPath = join(dir, 'ca.pem');
    expect(() => file.add({ name: 'box', url: 'https://box.lan:4317', token: TOKEN, ca: caPath })).toThrow(/CA file .* does not exist/);
    writeFileSync(caPath, 'PEM');
    file.add({ name: 'box', url: 'https://box.lan:4317', token: TOKEN, ca: caPath });
    expect(file.connectionOf('box').target.trust?.ca?.map(String)).toEqual(['PEM']);
    rmSync(caPath);
    expect(() => file.connectionOf('box')).toThrow(/cannot read the CA file/);
  });

  it('refuses bad input with what to fix', () => {
    const file = openDesktopEnginesFile(dir, createSecretBox(aesStorage()));
    expect(() => file.add({ name: 'local', url: 'https://a:1', token: 't' })).toThrow(/local is the name of this app/);
    expect(() => file.add({ name: '../x', url: 'https://a:1', token: 't' })).toThrow(/name: a name is letters/);
    expect(() => file.add({ name: 'a', url: 'https://a:1', token: '' })).toThrow(/autoloop tokens create/);
    expect(() => file.add({ name: 'a', url: 'ftp://a', token: 't' })).toThrow(/not an engine address/);
    expect(() => file.add({ name: 'a', url: 'http://box.lan:4317', token: 't' })).toThrow(/plain HTTP on another machine/);
    file.add({ name: 'a', url: 'http://127.0.0.1:4317', token: 't' });
    expect(() => file.add({ name: 'a', url: 'https://b:1', token: 't' })).toThrow(/already an engine called a/);
    expect(file.remove('a')).toBe(true);
    expect(file.remove('a')).toBe(false);
    expect(() => file.connectionOf('a')).toThrow(/no engine called a/);
  });

  it('refuses a damaged file instead of replacing it', () => {
    writeFileSync(join(dir, 'desktop-engines.json'), '{"engines": [{"name": 1}]}');
    const file = openDesktopEnginesFile(dir, createSecretBox(aesStorage()));
    expect(() => file.list()).toThrow(/cannot be read as a list of engines .*fix or remove it/);
    expect(() => file.add({ name: 'a', url: 'https://a:1', token: 't' })).toThrow(/fix or remove it/);
    expect(readFileSync(join(dir, 'desktop-engines.json'), 'utf8')).toContain('"name": 1');
  });

  it('engineUrlProblem allows https anywhere and http on loopback only', () => {
    expect(engineUrlProblem('https://box:4317')).toBeNull();
    expect(engineUrlProblem('http://localhost:4317')).toBeNull();
    expect(engineUrlProblem('http://[::1]:4317')).toBeNull();
    expect(engineUrlProblem('https://user:pw@box:4317')).toMatch(/not an engine address/);
  });
});

describe('the engine the window shows, kept for the next start', () => {
  it('is kept beside the engines and forgotten with the engine it names', () => {
    const file = openDesktopEnginesFile(dir, createSecretBox(aesStorage()));
    expect(file.lastShown()).toBeNull();
    file.add({ name: 'box', url: 'https://box.lan:4317', token: TOKEN });
    file.add({ name: 'lab', url: 'https://lab.lan:4317', token: TOKEN });
    file.keepShown('box');
    expect(openDesktopEnginesFile(dir, createSecretBox(aesStorage())).lastShown()).toBe('box');
    file.remove('lab');
    expect(file.lastShown()).toBe('box');
    file.remove('box');
    expect(file.lastShown()).toBeNull();
    file.keepShown(null);
    expect(JSON.parse(readFileSync(join(dir, 'desktop-engines.json'), 'utf8'))).toEqual({ engines: [], shown: null });
  });
});

describe('replacing a kept engine’s token', () => {
  it('seals the new token, keeps the name, address and what was not given, and refuses what cannot be used', () => {
    const file = openDesktopEnginesFile(dir, createSecretBox(aesStorage()));
    file.add({ name: 'box', url: 'https://box.lan:4317', token: TOKEN, approverCode: 'AAAAA-BBBBB' });
    const NEW = 'alt_the-new-token-0987654321';
    expect(file.update({ name: 'box', token: ` ${NEW} ` })).toEqual({ name: 'box', url: 'https://box.lan:4317', ca: null, hasApproverCode: true });
    expect(readFileSync(join(dir, 'desktop-engines.json'), 'utf8')).not.toContain(NEW);
    expect(file.connectionOf('box')).toEqual({ target: { socketUrl: 'wss://box.lan:4317/api', token: NEW }, approverCode: 'AAAAA-BBBBB' });
    expect(() => file.update({ name: 'box', ca: join(dir, 'missing.pem') })).toThrow(/CA file .* does not exist/);
    expect(() => file.update({ name: 'box', token: '  ' })).toThrow(/give a new token, approver code or CA file for box/);
    expect(() => file.update({ name: 'lab', token: NEW })).toThrow(/no engine called lab/);
    expect(file.connectionOf('box').target.token).toBe(NEW);
  });
});
