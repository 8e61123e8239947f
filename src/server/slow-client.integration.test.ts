import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TempEngine, createTempEngine } from '../core/testing/temp-engine';
import { waitUntil } from '../core/testing/wait-until';
import { createAccessToken } from '../core/serving/access-token';
import { connectApiClient } from './api-client';
import { MAX_CLIENT_BUFFER_BYTES } from '../core/serving/bounded-sender';
import { type RunningServer, startHttpServer } from '../core/serving/http-server';
import { httpStatusOf, rawConnect, upgradeRequest } from '../core/testing/raw-websocket';

let engine: TempEngine;
let server: RunningServer;
const token = createAccessToken();

beforeAll(async () => {
  engine = createTempEngine();
  server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token, rendererDir: engine.dataDir, log: engine.log });
});
afterAll(async () => {
  await server.close();
  await engine.dispose();
});

const NOTICE_CHARS = 64 * 1024;
/** Three times the per-client bound, so a client that never reads must pass it whatever the kernel buffers. */
const NOTICES = Math.ceil((3 * MAX_CLIENT_BUFFER_BYTES) / NOTICE_CHARS) + 200;

describe('a client that never reads', () => {
  it('is disconnected with a reason once its buffer passes the bound, while a reading client hears everything and a new one connects', async () => {
    const slow = await rawConnect(server.port, upgradeRequest(server.port, '/api', { Authorization: `Bearer ${token}` }));
    await waitUntil(() => httpStatusOf(slow.received()) === 101, 'the slow client to be upgraded');
    slow.socket.pause();
    const reader = await connectApiClient({ host: '127.0.0.1', port: server.port, token });
    let heard = 0;
    reader.onEvent(() => (heard += 1));

    const filler = 'x'.repeat(NOTICE_CHARS);
    for (let index = 0; index < NOTICES; index += 1) {
      engine.bus.publish({ type: 'notice', level: 'info', message: `${index} ${filler}` });
      await nextTurn();
    }

    await waitUntil(() => heard === NOTICES, 'the reading client to hear every notice');
    const line = engine.log.lines.find((entry) => entry.includes('disconnected a client that was too slow'));
    expect(line).toMatch(/MiB of updates were waiting; reconnect/);
    await reader.close();
    slow.socket.destroy();

    const again = await connectApiClient({ host: '127.0.0.1', port: server.port, token });
    expect(await again.call('runs.list', {})).toEqual([]);
    await again.close();
  });
});
