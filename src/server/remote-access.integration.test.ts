import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type ServedTempEngine, TEST_APPROVER_CODE, startServedTempEngine } from '../core/testing/served-temp-engine';
import { makeSelfSignedCert } from '../core/testing/self-signed-cert';
import { detectSandbox } from '../core/sandbox/detect-sandbox';
import { waitUntil } from '../core/testing/wait-until';
import { REVOKED_CLOSE_CODE } from '../core/serving/api-websocket';
import { listenLocally } from '../testing/local-server';
import { type ApiClient, type EngineTarget, connectApiClient } from './api-client';

// Two real engines on loopback: one serving TLS with a certificate made here, one plain (for the rate limit).
let folder: string;
let cert: ReturnType<typeof makeSelfSignedCert>;
let tlsEngine: ServedTempEngine;
let plainEngine: ServedTempEngine;
const open: ApiClient[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'autoloop-remote-'));
  cert = makeSelfSignedCert(folder);
  tlsEngine = await startServedTempEngine({ tls: { cert: cert.cert, key: cert.key } });
  plainEngine = await startServedTempEngine({ failedAttempts: { max: 3, windowMs: 60_000 } });
});
afterAll(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
  await tlsEngine.close();
  await plainEngine.close();
  rmSync(folder, { recursive: true, force: true });
});

const tlsTarget = (token: string, host = '127.0.0.1'): EngineTarget => ({
  socketUrl: `wss://${host}:${tlsEngine.server.port}/api`,
  token,
  trust: { ca: [cert.cert] },
});

async function connect(target: EngineTarget): Promise<ApiClient> {
  const client = await connectApiClient(target);
  open.push(client);
  return client;
}

/** A GET over HTTPS trusting the test certificate: status, headers and body. */
function httpsGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest({ host: '127.0.0.1', servername: 'localhost', port: tlsEngine.server.port, path, headers, ca: cert.cert }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('an engine served over TLS', () => {
  it('serves wss to a client that trusts its certificate, and an https URL', async () => {
    expect(tlsEngine.server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const client = await connect(tlsTarget(tlsEngine.token));
    expect(await client.call('runs.list', {})).toEqual({ runs: [], nextCursor: null });
  });

  it('is refused by a client that does not trust the certificate, which says why (verification is never turned off)', async () => {
    await expect(connectApiClient({ ...tlsTarget(tlsEngine.token), trust: undefined })).rejects.toThrow(
      /Cannot reach the engine at wss:.*self-signed certificate/,
    );
  });

  it('is refused when the certificate does not name the address', async () => {
    const tokenWhere = { ...tlsTarget(tlsEngine.token), socketUrl: `wss://127.0.0.2:${tlsEngine.server.port}/api` };
    await expect(connectApiClient(tokenWhere)).rejects.toThrow(/Cannot reach the engine.*(altnames|127\.0\.0\.2|ECONNREFUSED)/);
  });

  it('marks its cookies Secure and gives the page the token it was opened with, never the engine’s own', async () => {
    const made = await tlsEngine.engine.api['tokens.create']({ name: 'browser', readOnly: false });
    writeFileSync(join(tlsEngine.engine.dataDir, 'index.html'), '<!doctype html><title>Autoloop</title>');
    const page = await httpsGet(`/?token=${made.token}`, { Host: `127.0.0.1:${tlsEngine.server.port}` });
    expect(page.status).toBe(200);
    const cookies = String(page.headers['set-cookie']);
    expect(cookies).toContain(`autoloop_token_${tlsEngine.server.port}=${encodeURIComponent(made.token)}`);
    expect(cookies).toContain('Secure');
    expect(cookies).not.toContain(tlsEngine.token);
  });

  it('refuses a Host that is not its own (DNS rebinding) with 421, even with the token', async () => {
    const page = await httpsGet(`/?token=${tlsEngine.token}`, { Host: `evil.example:${tlsEngine.server.port}` });
    expect(page.status).toBe(421);
    expect(page.body).toContain('--public-url');
  });
});

describe('named tokens', () => {
  it('are stored as digests only, and record when they were last used', async () => {
    const made = await tlsEngine.engine.api['tokens.create']({ name: 'laptop', readOnly: false });
    expect(made.info.lastUsedAt).toBeNull();
    const client = await connect(tlsTarget(made.token));
    const info = await client.call('system.info', {});
    expect(info.shell).toBe('embedded');
    // The sandbox the engine's machine offers: the run page words a trusted Claude Code or Codex run by it.
    expect(info.hostSandbox).toBe(detectSandbox());
    const listed = await tlsEngine.engine.api['tokens.list']({});
    expect(listed.find((token) => token.name === 'laptop')?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(made.token);
    await expect(tlsEngine.engine.api['tokens.create']({ name: 'laptop', readOnly: true })).rejects.toThrow('a token called "laptop" already exists');
  });

  it('read-only: watches, but is refused starting, stopping, approving, settings, token management and testing MCP servers', async () => {
    const made = await tlsEngine.engine.api['tokens.create']({ name: 'phone', readOnly: true });
    const client = await connect(tlsTarget(made.token));
    expect(await client.call('runs.list', {})).toEqual({ runs: [], nextCursor: null });
    expect(await client.call('settings.get', {})).toBeTruthy();
    await expect(client.call('runs.start', { template: 'demo-counter' })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('"phone" is read-only'),
    });
    await expect(client.call('runs.stop', { id: 'r1' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(client.call('settings.set', { retention: { maxAgeDays: 3 } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(client.call('tokens.create', { name: 'mine' })).rejects.toMatchObject({ code: 'forbidden' });
    // Testing an MCP server starts its command on the engine's machine.
    await tlsEngine.engine.api['mcp.add']({ name: 'probe', config: { transport: 'stdio', command: '/bin/true', enabled: true } });
    await expect(client.call('mcp.test', { name: 'probe' })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('"phone" is read-only'),
    });
    await expect(client.call('mcp.add', { name: 'mine', config: { transport: 'stdio', command: '/bin/true' } })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await client.call('mcp.list', {})).toEqual([expect.objectContaining({ name: 'probe', testedAt: null })]);
  });

  it("read-only: is refused testing a provider, which would call it with the person's key; nothing reaches the provider", async () => {
    const asked: string[] = [];
    const provider = await listenLocally(
      createServer((request, response) => {
        asked.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'm1' }] }));
      }),
    );
    try {
      await tlsEngine.engine.api['providers.set']({ name: 'paid', config: { type: 'openai-compatible', baseUrl: provider.baseUrl, apiKey: 'sk-person' } });
      const watcher = await connect(tlsTarget((await tlsEngine.engine.api['tokens.create']({ name: 'watcher', readOnly: true })).token));
      await expect(watcher.call('providers.test', { name: 'paid' })).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('"watcher" is read-only'),
      });
      expect(asked).toEqual([]);
      // A full-access token tests it: the one call the read-only token was refused.
      const owner = await connect(tlsTarget((await tlsEngine.engine.api['tokens.create']({ name: 'owner', readOnly: false })).token));
      expect(await owner.call('providers.test', { name: 'paid' })).toMatchObject({ ok: true });
      expect(asked).toEqual(['GET /v1/models Bearer sk-person']);
    } finally {
      await provider.close();
    }
  });

  it('a full-access named token may change things but not manage tokens', async () => {
    const made = await tlsEngine.engine.api['tokens.create']({ name: 'desk', readOnly: false });
    const client = await connect(tlsTarget(made.token));
    await expect(client.call('tokens.list', {})).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining("only the engine's own token") });
    await expect(client.call('runs.stop', { id: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('revoked: its open connections are closed at once and it is refused from then on', async () => {
    const made = await tlsEngine.engine.api['tokens.create']({ name: 'stolen', readOnly: false });
    const socket = new WebSocket(tlsTarget(made.token).socketUrl, { headers: { Authorization: `Bearer ${made.token}` }, ca: cert.cert });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await tlsEngine.engine.api['tokens.revoke']({ name: 'stolen' });
    expect(await closed).toBe(REVOKED_CLOSE_CODE);
    await expect(connectApiClient(tlsTarget(made.token))).rejects.toThrow('refused the token (HTTP 401): it is wrong, or it was revoked');
    expect((await tlsEngine.engine.api['tokens.list']({})).find((token) => token.name === 'stolen')?.revokedAt).not.toBeNull();
    // The name is free again for a new token.
    await tlsEngine.engine.api['tokens.create']({ name: 'stolen', readOnly: true });
  });
});

describe('a window of another Autoloop (another origin)', () => {
  /** The upgrade's HTTP status: 101 when the socket opened. */
  function upgradeStatus(query: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`wss://127.0.0.1:${tlsEngine.server.port}/api${query}`, { headers, ca: cert.cert });
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('error', reject);
    });
  }

  it('connects only with a named token it gives in the URL: never the engine’s own token, a cookie or a header', async () => {
    const made = await tlsEngine.engine.api['tokens.create']({ name: 'other-window', readOnly: false });
    const foreign = { Origin: 'http://127.0.0.1:4999' };
    expect(await upgradeStatus(`?token=${encodeURIComponent(made.token)}`, foreign)).toBe(101);
    expect(await upgradeStatus(`?token=${encodeURIComponent(tlsEngine.token)}`, foreign)).toBe(403);
    expect(await upgradeStatus('', { ...foreign, Authorization: `Bearer ${made.token}` })).toBe(403);
    expect(await upgradeStatus('', { ...foreign, Cookie: `autoloop_token_${tlsEngine.server.port}=${encodeURIComponent(made.token)}` })).toBe(403);
  });

  it('answers approvals only with the approver code in its URL, never with this engine’s approver cookie', async () => {
    const made = await tlsEngine.engine.api['tokens.create']({ name: 'other-approver', readOnly: false });
    /** The error code `approvals.decide` of an unknown request gets on such a socket. */
    const decideCode = (query: string, headers: Record<string, string>): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = new WebSocket(`wss://127.0.0.1:${tlsEngine.server.port}/api${query}`, { headers, ca: cert.cert });
        socket.once('open', () => socket.send(JSON.stringify({ id: 1, method: 'approvals.decide', params: { id: 'nope', decision: 'allow' } })));
        socket.on('message', (data: Buffer) => {
          const frame = JSON.parse(data.toString('utf8')) as { id?: number; error?: { code: string } };
          if (frame.id !== 1) return;
          socket.close();
          resolve(frame.error?.code ?? 'ok');
        });
        socket.once('error', reject);
      });
    const foreign = { Origin: 'http://127.0.0.1:4999' };
    const query = `?token=${encodeURIComponent(made.token)}`;
    const cookie = `autoloop_approver_${tlsEngine.server.port}=${TEST_APPROVER_CODE}`;
    expect(await decideCode(query, { ...foreign, Cookie: cookie })).toBe('forbidden');
    expect(await decideCode(`${query}&approver=${TEST_APPROVER_CODE}`, foreign)).toBe('not_found');
  });
});

describe('failed token attempts', () => {
  it('are logged, and an address past the limit is refused (429) even with the right token', async () => {
    const port = plainEngine.server.port;
    const attempt = (token: string): Promise<number> => fetch(`http://127.0.0.1:${port}/?token=${token}`).then((response) => response.status);
    expect(await attempt('wrong-1')).toBe(401);
    expect(await attempt('wrong-2')).toBe(401);
    expect(await attempt('wrong-3')).toBe(401);
    expect(await attempt(plainEngine.token)).toBe(429);
    await expect(connectApiClient({ socketUrl: `ws://127.0.0.1:${port}/api`, token: plainEngine.token })).rejects.toThrow('HTTP 429');
    await waitUntil(() => plainEngine.engine.log.lines.some((line) => line.includes('made 3 failed attempts')), 'the log line');
    expect(plainEngine.engine.log.lines.filter((line) => line.includes('access: refused')).length).toBe(3);
    // Without a trusted proxy, a claimed X-Forwarded-For does not give a blocked guesser a fresh address.
    const forged = await fetch(`http://127.0.0.1:${port}/?token=${plainEngine.token}`, { headers: { 'X-Forwarded-For': '198.51.100.9' } });
    expect(forged.status).toBe(429);
  });

  it('behind a trusted reverse proxy count per forwarded client, so one guesser does not lock everyone out', async () => {
    const proxied = await startServedTempEngine({ failedAttempts: { max: 2, windowMs: 60_000 }, trustedProxies: ['127.0.0.1'] });
    try {
      const attempt = (token: string, client: string): Promise<number> =>
        fetch(`http://127.0.0.1:${proxied.server.port}/?token=${token}`, { headers: { 'X-Forwarded-For': client } }).then((response) => response.status);
      expect(await attempt('wrong-1', '198.51.100.1')).toBe(401);
      expect(await attempt('wrong-2', '198.51.100.1')).toBe(401);
      expect(await attempt(proxied.token, '198.51.100.1')).toBe(429);
      // The client writes the left entries itself: prefixing a fresh address does not escape the block.
      expect(await attempt(proxied.token, '203.0.113.50, 198.51.100.1')).toBe(429);
      expect(await attempt('wrong-3', '198.51.100.2')).toBe(401);
      // Let in (the test engine has no page to serve: 404, not 401 or 429).
      expect(await attempt(proxied.token, '198.51.100.2')).toBe(404);
      await waitUntil(() => proxied.engine.log.lines.some((line) => line.includes('198.51.100.1') && line.includes('made 2 failed attempts')), 'the log line');
    } finally {
      await proxied.close();
    }
  });
});
