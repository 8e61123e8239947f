import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { type ApiPushEvent, StartRunParams } from '../shared/api';
import type { Approval } from '../shared/records';
import { waitUntil } from '../core/testing/wait-until';
import { type TempEngine, createTempEngine } from '../core/testing/temp-engine';
import { createAccessToken, createApproverCode } from '../core/serving/access-token';
import { ApiCallError } from '../shared/api-call-error';
import { type ApiClient, connectApiClient } from './api-client';
import { type RunningServer, startHttpServer } from '../core/serving/http-server';
import { wsMessageText } from '../core/serving/ws-message-text';

let engine: TempEngine;
let server: RunningServer;
let client: ApiClient;
const token = createAccessToken();
const approverCode = createApproverCode();

beforeAll(async () => {
  engine = createTempEngine();
  server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token, approverCode, rendererDir: engine.dataDir, log: engine.log });
  client = await connectApiClient({ host: '127.0.0.1', port: server.port, token }, { approverCode });
});
afterAll(async () => {
  await client.close();
  await server.close();
  await engine.dispose();
});

/** The HTTP status a WebSocket upgrade to /api gets. */
function upgradeStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

describe('the API client', () => {
  it('calls methods and gets validated results', async () => {
    expect(await client.call('runs.list', {})).toEqual({ runs: [], nextCursor: null });
    expect(await client.call('system.info', {})).toMatchObject({ shell: 'embedded', dataDir: engine.dataDir });
  });

  it('turns error frames into ApiCallError with the engine’s code and message', async () => {
    const missing = await client.call('runs.get', { id: 'r-none' }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiCallError);
    expect(missing).toMatchObject({ code: 'not_found', message: 'There is no run with the id r-none' });
    await expect(client.call('runs.start', { template: 'no-such-template' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('hears the events the engine pushes', async () => {
    const heard = new Promise<ApiPushEvent>((resolve) => {
      const unsubscribe = client.onEvent((event) => {
        unsubscribe();
        resolve(event);
      });
    });
    engine.bus.publish({ type: 'notice', level: 'info', message: 'hello, socket' });
    expect(await heard).toEqual({ type: 'notice', level: 'info', message: 'hello, socket' });
  });

  it('is refused with a wrong token, saying so', async () => {
    await expect(connectApiClient({ host: '127.0.0.1', port: server.port, token: 'wrong' })).rejects.toThrow('refused the token (HTTP 401)');
  });
});

describe('a server that breaks the protocol', () => {
  /** A WebSocket server on /api that answers every call with `reply`. */
  async function brokenServer(reply: (id: number) => string): Promise<{ port: number; close(): Promise<void> }> {
    const fake = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api' });
    await once(fake, 'listening');
    fake.on('connection', (socket) => socket.on('message', (data) => socket.send(reply((JSON.parse(wsMessageText(data)) as { id: number }).id))));
    return { port: (fake.address() as AddressInfo).port, close: () => new Promise((resolve) => fake.close(() => resolve())) };
  }

  it('fails a call at once when its answer breaks the contract, instead of at the timeout', async () => {
    const fake = await brokenServer((id) => JSON.stringify({ id, result: { not: 'a run list' } }));
    const broken = await connectApiClient({ host: '127.0.0.1', port: fake.port, token: 'any' });
    await expect(broken.call('runs.list', {})).rejects.toMatchObject({ name: 'ApiCallError', code: 'internal', method: 'runs.list' });
    await broken.close();
    await fake.close();
  });

  it('fails the calls in flight at once when a frame is not JSON', async () => {
    const fake = await brokenServer(() => 'not json');
    const broken = await connectApiClient({ host: '127.0.0.1', port: fake.port, token: 'any' });
    await expect(broken.call('system.info', {})).rejects.toThrow('the server sent a frame that is not JSON: not json while system.info waited for its answer');
    await broken.close();
    await fake.close();
  });
});

describe('the server’s doors', () => {
  it('answers 401 to the page and the socket without the token', async () => {
    const page = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('needs the access token');
    expect(await upgradeStatus({})).toBe(401);
    expect(await upgradeStatus({ Authorization: 'Bearer nope' })).toBe(401);
  });

  it('refuses a socket from another site even with the token, and accepts its own origin', async () => {
    expect(await upgradeStatus({ Authorization: `Bearer ${token}`, Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus({ Authorization: `Bearer ${token}`, Origin: `http://127.0.0.1:${server.port}` })).toBe(101);
  });

  it('lets the token in through the query and the bearer header', async () => {
    const page = await fetch(`http://127.0.0.1:${server.port}/missing.js?token=${token}`);
    expect(page.status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/missing.js`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
  });
});

describe('approvals only from a person', () => {
  it('refuses approvals.decide from a connection with only the token a tool could read in server.json', async () => {
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-self-approval-'));
    const model = engine.writeScript('self-approval', {
      responses: [
        { text: 'Writing.', toolCalls: [{ tool: 'write_file', input: { path: 'owned.txt', content: 'x' } }] },
        {
          text: 'Done.',
          toolCalls: [
            { tool: 'report', input: { summary: 'wrote' } },
            { tool: 'complete', input: { reason: 'wrote' } },
          ],
        },
      ],
    });
    const run = await client.call(
      'runs.start',
      StartRunParams.parse({ template: 'demo-counter', model, workdir, loop: { intervalMs: 0, stagnationLimit: 0 }, permissions: { profile: 'ask' } }),
    );
    let pending: Approval[] = [];
    await waitUntil(async () => (pending = await client.call('approvals.list', { status: 'pending' })).length === 1, 'the approval request');
    const [request] = pending;
    // What code run by the agent can do: read server.json (the token, the port) and call the API.
    const tokenOnly = await connectApiClient({ host: '127.0.0.1', port: server.port, token });
    try {
      const refused = tokenOnly.call('approvals.decide', { id: request?.id ?? '', decision: 'allow', scope: 'once' });
      await expect(refused).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('needs the approver code') });
      expect(await client.call('approvals.list', { status: 'pending' })).toHaveLength(1);
    } finally {
      await tokenOnly.close();
    }
    // The person's connection carries the approver code.
    expect(await client.call('approvals.decide', { id: request?.id ?? '', decision: 'allow', scope: 'once' })).toMatchObject({
      status: 'allowed',
      decidedBy: 'user',
    });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ stopReason: 'completed' });
    rmSync(workdir, { recursive: true, force: true });
  }, 30_000);

  it('gives the page its approver cookie only from the URL the person was shown, per port', async () => {
    writeFileSync(join(engine.dataDir, 'index.html'), '<!doctype html><title>Autoloop</title>');
    const tokenOnly = await fetch(`http://127.0.0.1:${server.port}/?token=${token}`);
    expect(tokenOnly.headers.getSetCookie()).toEqual([`autoloop_token_${server.port}=${token}; HttpOnly; SameSite=Strict; Path=/`]);
    const person = await fetch(server.personUrl);
    expect(person.headers.getSetCookie()).toContain(`autoloop_approver_${server.port}=${approverCode}; HttpOnly; SameSite=Strict; Path=/`);
    const guessed = await fetch(`http://127.0.0.1:${server.port}/?token=${token}&approver=wrong`);
    expect(guessed.headers.getSetCookie().some((cookie) => cookie.startsWith('autoloop_approver'))).toBe(false);
  });
});
