import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessToken } from '../../core/serving/access-token';
import { openEngineSocket } from '../../core/serving/engine-socket';
import { type RunningServer, startHttpServer } from '../../core/serving/http-server';
import { makeSelfSignedCert } from '../../core/testing/self-signed-cert';
import { TEST_APPROVER_CODE } from '../../core/testing/served-temp-engine';
import { REPO_ROOT, type TempEngine, createTempEngine, isProcessAlive } from '../../core/testing/temp-engine';
import { waitUntil } from '../../core/testing/wait-until';
import { StartRunParams } from '../../shared/api';
import type { LinkStatus } from '../../shared/desktop-engines';
import { createSecretBox } from '../security/secret-box';
import { aesStorage } from '../testing/aes-storage';
import { type DesktopEnginesFile, openDesktopEnginesFile } from './desktop-engines-file';
import { type EngineRouter, createEngineRouter } from './engine-router';
import { type LinkTimers, type RemoteEngineLink, createRemoteEngineLink } from './remote-engine-link';
import { createRemoteShells } from './remote-shells';
import { EMPTY_SHELL_STATE } from '../shell-state/shell-state';
import { remoteEngineTrayItems } from './remote-tray';

// Two real engines: the desktop app's own (local) and one on "another machine" serving TLS on loopback with a
// certificate made here. The desktop side is main's logic without Electron: the engines file (a real cipher
// standing in for safeStorage), the router, the links, the remote shell feed and the tray's items.

/** Node timers that count the retries a link has waiting: a refused link must have none. */
function countingTimers(): LinkTimers & { waiting(): number; scheduled: number[] } {
  let waiting = 0;
  const scheduled: number[] = [];
  return {
    scheduled,
    waiting: () => waiting,
    after(ms, callback) {
      waiting += 1;
      scheduled.push(ms);
      const timer = setTimeout(() => {
        waiting -= 1;
        callback();
      }, ms);
      return () => {
        clearTimeout(timer);
        waiting -= 1;
      };
    },
  };
}

const root = mkdtempSync(join(tmpdir(), 'autoloop-desktop-remote-'));
const desktopDir = join(root, 'desktop');
const cert = makeSelfSignedCert(root);
let remote: TempEngine;
let local: TempEngine;
let server: RunningServer;
let port = 0;
let file: DesktopEnginesFile;
let router: EngineRouter;
const timersOf = new Map<string, ReturnType<typeof countingTimers>>();
const opened = new Map<string, number>();

async function serveRemote(): Promise<RunningServer> {
  return startHttpServer({
    engine: remote,
    host: '127.0.0.1',
    port,
    token: createAccessToken(),
    approverCode: TEST_APPROVER_CODE,
    rendererDir: remote.dataDir,
    log: remote.log,
    tls: { cert: cert.cert, key: cert.key },
  });
}

function linkOf(name: string): RemoteEngineLink {
  const link = router.links().find((candidate) => candidate.name === name);
  if (!link) throw new Error(`no link ${name}`);
  return link;
}
const statusOf = (name: string): LinkStatus => linkOf(name).state().status;

beforeAll(async () => {
  remote = createTempEngine();
  local = createTempEngine();
  server = await serveRemote();
  port = server.port;
  file = openDesktopEnginesFile(desktopDir, createSecretBox(aesStorage()));
  router = createEngineRouter({
    local: { api: local.api, bus: local.bus },
    file,
    dataDir: desktopDir,
    log: local.log,
    makeLink: (name) => {
      const timers = countingTimers();
      timersOf.set(name, timers);
      return createRemoteEngineLink({
        name,
        connection: () => file.connectionOf(name),
        log: local.log,
        timers,
        open: (target, approverCode) => {
          opened.set(name, (opened.get(name) ?? 0) + 1);
          return openEngineSocket(target, approverCode);
        },
      });
    },
  });
});
afterAll(async () => {
  router.close();
  await server.close();
  const pids = [...remote.pids, ...local.pids];
  await remote.dispose();
  await local.dispose();
  expect(pids.filter(isProcessAlive)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});

describe('the desktop app attached to a remote engine over TLS', () => {
  it('connects, routes the window to it, reconnects after the engine goes away and comes back, and decides an approval there from the tray', async () => {
    const made = await remote.api['tokens.create']({ name: 'laptop', readOnly: false });
    const added = router.add({ name: 'box', url: `https://localhost:${port}`, token: made.token, ca: cert.certPath, approverCode: TEST_APPROVER_CODE });
    expect(added.ok).toBe(true);
    // Nothing the window may see carries the token or the approver code.
    expect(JSON.stringify(added)).not.toContain(made.token);
    expect(JSON.stringify(router.list())).not.toContain(TEST_APPROVER_CODE);
    await waitUntil(() => statusOf('box') === 'connected', 'the link to box to connect');
    // The shell's view of the remote engines: one feed per link, with what the glue sets up per engine (notifications, dialogs).
    const setUp: string[] = [];
    const tornDown: string[] = [];
    const shells = createRemoteShells(
      router,
      (name) => {
        setUp.push(name);
        return () => void tornDown.push(name);
      },
      local.log,
    );
    expect(setUp).toEqual(['box']);
    const feed = { current: () => shells.engines().find((engine) => engine.name === 'box')?.state ?? EMPTY_SHELL_STATE };

    // A run on the remote engine that asks before a write: it waits for a person.
    const workdir = mkdtempSync(join(root, 'work-'));
    const model = remote.writeScript('asks', {
      responses: [{ text: 'Writing.', toolCalls: [{ tool: 'write_file', input: { path: 'notes.txt', content: 'hi' } }] }, { text: 'nothing more' }],
      whenExhausted: 'repeat-last',
    });
    const params = StartRunParams.parse({
      template: 'demo-counter',
      model,
      workdir,
      loop: { intervalMs: 0, stagnationLimit: 0 },
      permissions: { profile: 'ask' },
    });
    // The window shows box: its calls go there (over main's link), not to the local engine.
    expect(router.select('box').ok).toBe(true);
    const started = await router.call('runs.start', params);
    if (!started.ok) throw new Error(started.error.message);
    const runId = (started.value as { id: string }).id;
    await waitUntil(() => feed.current().approvals.some((approval) => approval.runId === runId), 'the request to reach the remote feed');
    const listed = await router.call('runs.list', {});
    expect(listed.ok && (listed.value as { runs: Array<{ id: string }> }).runs.map((run) => run.id)).toEqual([runId]);
    expect(await local.api['runs.list']({ limit: 50 })).toEqual({ runs: [], nextCursor: null });

    // The engine's server goes away: the link is lost, the run is still waiting (there and in the tray's state).
    await server.close();
    await waitUntil(() => statusOf('box') === 'lost', 'the link to be lost');
    expect(feed.current().runs.find((run) => run.id === runId)?.status).toBe('waiting_approval');
    const whileLost = await router.call('runs.list', {});
    expect(whileLost).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('its runs go on there') } });
    expect((await remote.api['runs.get']({ id: runId })).status).toBe('waiting_approval');
    const trayWhileLost = remoteEngineTrayItems([{ name: 'box', link: linkOf('box').state(), state: feed.current() }], {
      openRun: () => undefined,
      decideApproval: () => undefined,
      openEngines: () => undefined,
    });
    expect(String(trayWhileLost[1]?.label)).toMatch(/^On box: connection lost, trying again in \d+ s/);
    expect(String(trayWhileLost[2]?.label)).toBe('On box: “demo-counter” asks to use write_file');

    // It comes back on the same port: the link reconnects by itself with backoff, 1 s first, doubling.
    server = await serveRemote();
    await waitUntil(() => statusOf('box') === 'connected', 'the link to reconnect', 70_000);
    const waits = timersOf.get('box')?.scheduled ?? [];
    expect(waits[0]).toBe(1_000);
    waits.forEach((ms, index) => expect(ms).toBe(Math.min(60_000, 1_000 * 2 ** index)));
    await waitUntil(() => feed.current().approvals.length === 1, 'the feed to reload');
    expect((await remote.api['runs.get']({ id: runId })).status).toBe('waiting_approval');

    // Allow from the tray's item: it decides on box, with main's approver code.
    const decisions: Array<Promise<unknown>> = [];
    const items = remoteEngineTrayItems([{ name: 'box', link: linkOf('box').state(), state: feed.current() }], {
      openRun: () => undefined,
      decideApproval: (engine, id, decision) => void decisions.push(router.callOn(engine, 'approvals.decide', { id, decision, scope: 'once' })),
      openEngines: () => undefined,
    });
    const request = items.find((item) => String(item.label).includes('asks to use write_file'));
    const allow = (request?.submenu as MenuItemConstructorOptions[] | undefined)?.[0];
    expect(allow?.label).toMatch(/^Allow: /);
    (allow?.click as () => void)();
    expect(await Promise.all(decisions)).toEqual([expect.objectContaining({ ok: true })]);
    const [approval] = await remote.api['approvals.list']({ status: 'all', runId });
    expect(approval).toMatchObject({ status: 'allowed' });
    await waitUntil(() => feed.current().approvals.length === 0, 'the tray state to drop the answered request');
    // Removing an engine tears down what was set up for it.
    expect(router.add({ name: 'spare', url: `https://localhost:${port}`, token: made.token, ca: cert.certPath }).ok).toBe(true);
    expect(setUp).toEqual(['box', 'spare']);
    expect(router.remove('spare').ok).toBe(true);
    expect(tornDown).toEqual(['spare']);
    shells.dispose();
    expect(tornDown).toEqual(['spare', 'box']);
    await remote.api['runs.stop']({ id: runId });
  });

  it('is refused without retry when its token is revoked, and says so', async () => {
    await waitUntil(() => statusOf('box') === 'connected', 'box to be connected');
    const before = opened.get('box') ?? 0;
    await remote.api['tokens.revoke']({ name: 'laptop' });
    await waitUntil(() => statusOf('box') === 'refused', 'the revoked link to be refused');
    expect(linkOf('box').state().reason).toContain('the token was revoked on box');
    expect(timersOf.get('box')?.waiting()).toBe(0);
    expect(opened.get('box')).toBe(before);
    expect(await router.callOn('box', 'runs.list', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('refused') },
    });
  });

  it('refuses a certificate it does not trust, and a wrong token, without retry', async () => {
    const made = await remote.api['tokens.create']({ name: 'laptop2', readOnly: false });
    expect(router.add({ name: 'untrusted', url: `https://localhost:${port}`, token: made.token }).ok).toBe(true);
    await waitUntil(() => statusOf('untrusted') !== 'connecting', 'the untrusted link to settle');
    expect(linkOf('untrusted').state()).toMatchObject({ status: 'refused', reason: expect.stringMatching(/self-signed certificate.*not trusted/) });
    expect(router.add({ name: 'wrong', url: `https://localhost:${port}`, token: 'alt_wrong', ca: cert.certPath }).ok).toBe(true);
    await waitUntil(() => statusOf('wrong') !== 'connecting', 'the wrong-token link to settle');
    expect(linkOf('wrong').state()).toMatchObject({ status: 'refused', reason: expect.stringContaining('refused the token (HTTP 401)') });
    for (const name of ['untrusted', 'wrong']) {
      expect(timersOf.get(name)?.waiting()).toBe(0);
      expect(opened.get(name)).toBe(1);
    }
    const list = router.list();
    expect(list.ok && list.value.engines.map((engine) => [engine.name, engine.status])).toEqual([
      ['box', 'refused'],
      ['untrusted', 'refused'],
      ['wrong', 'refused'],
    ]);
  });

  it('tries a refused engine once more on demand, and connects it again once its token (or CA file) is replaced', async () => {
    const before = opened.get('box') ?? 0;
    expect(router.retry('box').ok).toBe(true);
    await waitUntil(() => statusOf('box') !== 'connecting', 'the retried link to settle');
    // Still revoked: refused again after exactly one attempt, no timer.
    expect(linkOf('box').state()).toMatchObject({ status: 'refused', reason: expect.stringContaining('refused the token (HTTP 401)') });
    expect(opened.get('box')).toBe(before + 1);
    expect(timersOf.get('box')?.waiting()).toBe(0);
    const made = await remote.api['tokens.create']({ name: 'laptop3', readOnly: false });
    const updated = router.update({ name: 'box', token: made.token });
    expect(updated.ok).toBe(true);
    expect(JSON.stringify(updated)).not.toContain(made.token);
    expect(readFileSync(file.path, 'utf8')).not.toContain(made.token);
    // A call made while the new link is still connecting (as a window opening on a remembered engine does) waits for it.
    expect(statusOf('box')).toBe('connecting');
    expect(await router.callOn('box', 'runs.list', { limit: 1 })).toMatchObject({ ok: true });
    expect(statusOf('box')).toBe('connected');
    expect(router.retry('box')).toEqual({ ok: false, message: 'box is connected: nothing to try again' });
    // The untrusted engine, given the CA file of its certificate, is trusted without being removed.
    expect(router.update({ name: 'untrusted', ca: cert.certPath }).ok).toBe(true);
    await waitUntil(() => statusOf('untrusted') === 'connected', 'the untrusted engine to connect with its CA file');
    expect(router.update({ name: 'nobody', token: 'alt_x' })).toEqual({ ok: false, message: 'there is no engine called nobody: add it in Settings → Engines' });
    expect(router.update({ name: 'box' })).toEqual({ ok: false, message: 'give a new token, approver code or CA file for box' });
  });
});

/** `autoloop serve` in its own process (src/main may not use the CLI's test helpers): its port once it printed its URL. */
type Served = Readonly<{ child: ChildProcess; port: number; exited: Promise<void> }>;
const AUTOLOOP_BIN = join(REPO_ROOT, 'bin', 'autoloop.js');
async function startServe(dataDir: string, ...args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [AUTOLOOP_BIN, 'serve', '--port', '0', ...args, '--data-dir', dataDir], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntil(() => /Open (https?:\S+)/.test(out) || child.exitCode !== null, 'autoloop serve to print its URL', 30_000);
  const url = /Open (https?:\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`autoloop serve did not start:\n${out}`);
  return { child, port: Number(new URL(url).port), exited };
}

describe('the desktop app attached to a real `autoloop serve` process', () => {
  it('sees the engine process killed as a lost connection, and reconnects when it is started again on the same port', async () => {
    const serverDir = join(root, 'served');
    const tls = ['--tls-cert', cert.certPath, '--tls-key', join(root, 'tls-key.pem')];
    let serve = await startServe(serverDir, ...tls);
    try {
      const made = spawnSync(process.execPath, [AUTOLOOP_BIN, 'tokens', 'create', 'desk', '--data-dir', serverDir], { encoding: 'utf8', timeout: 60_000 });
      expect(made.status, made.stderr).toBe(0);
      const token = made.stdout.trim();
      expect(router.add({ name: 'served', url: `https://localhost:${serve.port}`, token, ca: cert.certPath }).ok).toBe(true);
      await waitUntil(() => statusOf('served') === 'connected', 'the link to the served engine to connect');
      const servedPort = serve.port;
      serve.child.kill('SIGKILL');
      await serve.exited;
      await waitUntil(() => statusOf('served') === 'lost', 'the link to be lost after the kill');
      serve = await startServe(serverDir, ...tls, '--port', String(servedPort));
      expect(serve.port).toBe(servedPort);
      await waitUntil(() => statusOf('served') === 'connected', 'the link to reconnect to the restarted engine', 70_000);
      expect(await router.callOn('served', 'runs.list', { limit: 10 })).toEqual({ ok: true, value: { runs: [], nextCursor: null } });
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });
});
