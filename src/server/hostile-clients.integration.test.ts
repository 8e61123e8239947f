import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApiClient } from './api-client';
import { MAX_FRAME_BYTES } from '../core/serving/api-websocket';
import { type ServeProcess, startServe, until } from './testing/cli-process';
import { OPCODE_TEXT, clientFrame, closeCodeOf, httpStatusOf, rawConnect, upgradeRequest } from '../core/testing/raw-websocket';

// Nothing a client sends may end `autoloop serve`: each case below once did.
let dataDir: string;
let serve: ServeProcess;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'autoloop-hostile-'));
  serve = await startServe(dataDir);
});
afterAll(async () => {
  await serve.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The server still runs and answers the API. */
async function expectServing(): Promise<void> {
  expect(serve.child.exitCode, serve.stderr()).toBeNull();
  const client = await connectApiClient({ host: '127.0.0.1', port: serve.port, token: serve.token });
  try {
    expect(await client.call('runs.list', {})).toEqual({ runs: [], nextCursor: null });
  } finally {
    await client.close();
  }
}

/** Upgrades with the token, sends `bytes`, and returns the close code the server answers with. */
async function closeCodeAfterSending(bytes: Buffer): Promise<number | null> {
  const connection = await rawConnect(serve.port, upgradeRequest(serve.port, '/api', { Authorization: `Bearer ${serve.token}` }));
  await until(() => httpStatusOf(connection.received()) !== null, 'the upgrade answer');
  expect(httpStatusOf(connection.received())).toBe(101);
  connection.socket.write(bytes);
  await until(() => closeCodeOf(connection.received()) !== null, 'a close frame');
  connection.socket.destroy();
  return closeCodeOf(connection.received());
}

describe('a hostile client', () => {
  it('gets 400 for an unauthenticated upgrade to the path //, and the server keeps serving', async () => {
    const connection = await rawConnect(serve.port, upgradeRequest(serve.port, '//'));
    expect(httpStatusOf(await connection.ended)).toBe(400);
    await expectServing();
  });

  it('gets 400 for an upgrade whose token or approver cookie is not valid percent-encoding, and the server keeps serving', async () => {
    const tokenCookie = await rawConnect(serve.port, upgradeRequest(serve.port, '/api', { Cookie: `autoloop_token=%E0; autoloop_token_${serve.port}=%E0` }));
    expect(httpStatusOf(await tokenCookie.ended)).toBe(400);
    const approverCookie = await rawConnect(
      serve.port,
      upgradeRequest(serve.port, '/api', { Cookie: `autoloop_approver_${serve.port}=%E0`, Authorization: `Bearer ${serve.token}` }),
    );
    expect(httpStatusOf(await approverCookie.ended)).toBe(400);
    await until(() => serve.stderr().includes('whose address or cookie cannot be read'), 'the log line');
    await expectServing();
  });

  it('gets 400 for a page request whose token cookie is not valid percent-encoding', async () => {
    const request = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nCookie: autoloop_token_${serve.port}=%E0\r\nConnection: close\r\n\r\n`;
    const connection = await rawConnect(serve.port, request);
    expect(httpStatusOf(await connection.ended)).toBe(400);
    await expectServing();
  });

  it('gets 400 for a page request to the path //', async () => {
    const connection = await rawConnect(serve.port, `GET // HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nConnection: close\r\n\r\n`);
    expect(httpStatusOf(await connection.ended)).toBe(400);
    await expectServing();
  });

  it('is closed with 1007 for a text frame that is not UTF-8, and the server logs it and keeps serving', async () => {
    expect(await closeCodeAfterSending(clientFrame(OPCODE_TEXT, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])))).toBe(1007);
    await until(() => serve.stderr().includes('protocol error'), 'the log line');
    await expectServing();
  });

  it('is closed with 1009 for a frame over the size limit, before the server reads its payload', async () => {
    expect(await closeCodeAfterSending(clientFrame(OPCODE_TEXT, Buffer.alloc(0), MAX_FRAME_BYTES + 1))).toBe(1009);
    await expectServing();
  });
});
