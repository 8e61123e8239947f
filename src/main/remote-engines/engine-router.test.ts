import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TempEngine, createTempEngine } from '../../core/testing/temp-engine';
import { createSecretBox } from '../security/secret-box';
import { aesStorage } from '../testing/aes-storage';
import { openDesktopEnginesFile } from './desktop-engines-file';
import { createEngineRouter } from './engine-router';
import { createRemoteEngineLink } from './remote-engine-link';

// The router over a real engines file and this app's own real engine; each remote link's socket never opens
// (the links' own behaviour is remote-engine-link.test.ts and remote-engines.integration.test.ts).
let local: TempEngine;
let dir: string;
const storage = aesStorage();
beforeAll(() => {
  local = createTempEngine();
  dir = mkdtempSync(join(tmpdir(), 'autoloop-router-'));
});
afterAll(async () => {
  await local.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function startRouter() {
  const file = openDesktopEnginesFile(dir, createSecretBox(storage));
  const router = createEngineRouter({
    local: { api: local.api, bus: local.bus },
    file,
    dataDir: dir,
    log: local.log,
    makeLink: (name) => createRemoteEngineLink({ name, connection: () => file.connectionOf(name), log: local.log, open: () => new Promise(() => undefined) }),
  });
  return { file, router };
}

describe('the engine the window shows, across restarts', () => {
  it('shows again the engine shown when the app last quit; one removed since falls back to this computer’s, with a notice', () => {
    const first = startRouter();
    expect(first.router.add({ name: 'box', url: 'https://box.lan:4317', token: 'alt_t' }).ok).toBe(true);
    expect(first.router.add({ name: 'lab', url: 'https://lab.lan:4317', token: 'alt_t' }).ok).toBe(true);
    expect(first.router.shown()).toBeNull();
    expect(first.router.select('lab').ok).toBe(true);
    first.router.close();

    const second = startRouter();
    expect(second.router.shown()).toBe('lab');
    expect(second.router.startNotices()).toEqual([]);
    expect(second.router.list()).toMatchObject({ ok: true, value: { shown: 'lab' } });
    second.router.close();

    // Removed behind the app's back (the file edited, or copied from another machine): this computer's engine, and why.
    const edited = openDesktopEnginesFile(dir, createSecretBox(storage));
    edited.keepShown('gone');
    const third = startRouter();
    expect(third.router.shown()).toBeNull();
    expect(third.router.startNotices()).toEqual([
      "The engine gone this window showed last is no longer in Settings → Engines: showing this computer's engine.",
    ]);
    expect(third.file.lastShown()).toBeNull();
    third.router.close();
  });

  it('forgets the shown engine when it is removed, and this computer’s when chosen', () => {
    const first = startRouter();
    expect(first.router.select('box').ok).toBe(true);
    expect(first.router.remove('box').ok).toBe(true);
    expect(first.router.shown()).toBeNull();
    first.router.close();
    const second = startRouter();
    expect(second.router.shown()).toBeNull();
    expect(second.router.startNotices()).toEqual([]);
    expect(second.router.select('lab').ok).toBe(true);
    expect(second.router.select(null).ok).toBe(true);
    second.router.close();
    const third = startRouter();
    expect(third.router.shown()).toBeNull();
    third.router.close();
  });
});
