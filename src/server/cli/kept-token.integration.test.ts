import { statSync } from 'node:fs';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { accessFilePath } from '../../core/serving/access-file';
import { servedDataFolderPerFile } from '../testing/cli-process';

const { dataDir, serve: serveHere } = servedDataFolderPerFile('autoloop-kept-token-');

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
