import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempEngine } from '../core/testing/temp-engine';
import { type ServedTempEngine, startServedTempEngine } from '../core/testing/served-temp-engine';
import { waitUntil } from '../core/testing/wait-until';
import { connectApiClient } from './api-client';
import { MAX_CLIENT_BUFFER_BYTES } from '../core/serving/bounded-sender';
import type { RunningServer } from '../core/serving/http-server';
import { OPCODE_TEXT, clientFrame, httpStatusOf, rawConnect, upgradeRequest } from '../core/testing/raw-websocket';
import { DEFAULT_LOOP_OPTIONS } from '../shared/records';
import { buildRun } from '../shared/testing/build-run';
import { createRunsRepository } from '../core/store/runs-repository';
import { createTemplateRevisionsRepository } from '../core/store/template-revisions-repository';

let engine: TempEngine;
let server: RunningServer;
let token: string;
let served: ServedTempEngine;

beforeAll(async () => {
  served = await startServedTempEngine();
  ({ engine, server, token } = served);
});
afterAll(async () => served.close());

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
    expect(await again.call('runs.list', {})).toEqual({ runs: [], nextCursor: null });
    await again.close();
  });

  it('is not counted as slow while one big answer it asked for (a run bundle) drains', async () => {
    const revisions = createTemplateRevisionsRepository(engine.db);
    const runs = createRunsRepository(engine.db);
    const run = buildRun({ id: 'r-big', status: 'ended', stopReason: 'completed', templateRevision: revisions.save('demo-counter', 'Count.\n') });
    runs.insertRun({ run, loop: DEFAULT_LOOP_OPTIONS, params: {} });
    const line = 'y'.repeat(64 * 1024);
    runs.appendEvents(
      Array.from({ length: Math.ceil((3 * MAX_CLIENT_BUFFER_BYTES) / line.length) }, () => ({
        runId: run.id,
        iteration: 1,
        kind: 'text' as const,
        data: { text: line },
        at: run.createdAt,
      })),
    );

    const reader = await rawConnect(server.port, upgradeRequest(server.port, '/api', { Authorization: `Bearer ${token}` }));
    await waitUntil(() => httpStatusOf(reader.received()) === 101, 'the upgrade');
    reader.socket.pause();
    reader.socket.write(clientFrame(OPCODE_TEXT, Buffer.from(JSON.stringify({ id: 1, method: 'runs.export', params: { id: run.id } }))));
    // The server reads the request and queues the bundle within the first of these turns; the
    // small updates after it find three times the bound waiting, all of it the one answer.
    for (let index = 0; index < 200; index += 1) {
      engine.bus.publish({ type: 'notice', level: 'info', message: `small ${index}` });
      await nextTurn();
    }
    reader.socket.resume();
    await waitUntil(() => reader.received().includes('"result"') && reader.received().includes('small 199'), 'the bundle and the updates after it', 30_000);
    expect(engine.log.lines.filter((entry) => entry.includes('too slow'))).toHaveLength(1);
    reader.socket.destroy();
  });
});
