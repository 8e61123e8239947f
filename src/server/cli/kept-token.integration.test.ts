import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { accessFilePath } from '../../core/serving/access-file';
import { type ServeProcess, startServe } from '../testing/cli-process';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-kept-token-'));
const servers: ServeProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function serveHere(...args: string[]): Promise<ServeProcess> {
  const server = await startServe(dataDir, ...args);
  servers.push(server);
  return server;
}

/** Whether the server's API socket opens with this token (true), or the HTTP status that refused it. */
function socketOpens(port: number, token: string): Promise<true | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api?token=${encodeURIComponent(token)}`, { headers: { Origin: `http://127.0.0.1:${port}` } });
    socket.once('open', () => {
      socket.close();
      resolve(true);
    });
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      resolve(response.statusCode ?? 0);
    });
    socket.once('error', reject);
  });
}

describe('the access token across restarts', () => {
  it('is kept in the data folder (0600), so a restarted server accepts the old token, until it is rotated', async () => {
    const first = await serveHere();
    expect(first.stdout()).toContain('A new access token is kept in');
    expect(statSync(accessFilePath(dataDir)).mode & 0o777).toBe(0o600);
    const { token, approverCode } = first;
    expect(token.length).toBeGreaterThanOrEqual(32);
    await first.stop();

    const second = await serveHere();
    expect(second.token).toBe(token);
    expect(second.approverCode).toBe(approverCode);
    expect(second.stdout()).toContain('pages opened before reconnect');
    expect(await socketOpens(second.port, token)).toBe(true);
    expect(
      (await fetch(`http://127.0.0.1:${second.port}/`, { headers: { Cookie: `autoloop_token_${second.port}=${encodeURIComponent(token)}` } })).status,
    ).toBe(200);
    await second.stop();

    const rotated = await serveHere('--rotate-token');
    expect(rotated.stdout()).toContain('were replaced');
    expect(rotated.token).not.toBe(token);
    expect(rotated.approverCode).not.toBe(approverCode);
    expect(await socketOpens(rotated.port, token)).toBe(401);
    expect(await socketOpens(rotated.port, rotated.token)).toBe(true);
    expect(statSync(accessFilePath(dataDir)).mode & 0o777).toBe(0o600);
  });
});
