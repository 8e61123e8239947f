import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { ApiPushEvent } from '../shared/api';
import { type TempEngine, createTempEngine } from '../core/testing/temp-engine';
import { createAccessToken } from '../core/serving/access-token';
import { ApiCallError } from '../shared/api-call-error';
import { type ApiClient, connectApiClient } from './api-client';
import { type RunningServer, startHttpServer } from '../core/serving/http-server';

let engine: TempEngine;
let server: RunningServer;
let client: ApiClient;
const token = createAccessToken();

beforeAll(async () => {
  engine = createTempEngine();
  server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token, rendererDir: engine.dataDir, log: engine.log });
  client = await connectApiClient({ host: '127.0.0.1', port: server.port, token });
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
    await expect(connectApiClient({ host: '127.0.0.1', port: server.port, token: 'wrong' })).rejects.toThrow('refused the connection (HTTP 401)');
  });
});

describe('a server that breaks the protocol', () => {
  /** A WebSocket server on /api that answers every call with `reply`. */
  async function brokenServer(reply: (id: number) => string): Promise<{ port: number; close(): Promise<void> }> {
    const fake = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api' });
    await once(fake, 'listening');
    fake.on('connection', (socket) => socket.on('message', (data) => socket.send(reply((JSON.parse(String(data)) as { id: number }).id))));
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
