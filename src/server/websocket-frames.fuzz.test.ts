import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_BOUND_MS, fuzzOptions, hostileValue, integrityCheck, within } from '../core/testing/fuzz';
import type { TempEngine } from '../core/testing/temp-engine';
import { type ServedTempEngine, startServedTempEngine } from '../core/testing/served-temp-engine';
import { waitUntil } from '../core/testing/wait-until';
import { connectApiClient } from './api-client';
import type { RunningServer } from '../core/serving/http-server';
import { OPCODE_TEXT, clientFrame, httpStatusOf, rawConnect, upgradeRequest } from '../core/testing/raw-websocket';

// The fuzz suite, socket part: whatever frames a client with the token sends, the server
// (here in this process: an unhandled 'error' would fail the test) keeps serving everyone else.

let engine: TempEngine;
let server: RunningServer;
let token: string;
let served: ServedTempEngine;

beforeAll(async () => {
  served = await startServedTempEngine();
  ({ engine, server, token } = served);
});
afterAll(async () => served.close());

/** A frame with any first byte (FIN, reserved bits, opcode) and a short payload. */
const rawFrame = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.boolean(), fc.uint8Array({ maxLength: 125 }))
  .map(([first, masked, payload]) =>
    Buffer.concat([Buffer.from([first, (masked ? 0x80 : 0) | payload.length]), masked ? Buffer.alloc(4) : Buffer.alloc(0), Buffer.from(payload)]),
  );
/** A well-formed text frame carrying JSON that may or may not be a request. */
const jsonFrame = fc
  .oneof(
    hostileValue,
    fc.record({ id: hostileValue, method: fc.oneof(fc.constantFrom('runs.list', 'runs.get', 'templates.lint', 'nope'), fc.string()), params: hostileValue }),
  )
  .map((value) => clientFrame(OPCODE_TEXT, Buffer.from(JSON.stringify(value) ?? 'null')));
const frames = fc.array(fc.oneof(rawFrame, jsonFrame), { minLength: 1, maxLength: 6 });

describe('fuzzing WebSocket frames', () => {
  it('never ends the server: a bad frame closes that client only', async () => {
    await fc.assert(
      fc.asyncProperty(frames, async (sequence) => {
        const connection = await rawConnect(server.port, upgradeRequest(server.port, '/api', { Authorization: `Bearer ${token}` }));
        await waitUntil(() => httpStatusOf(connection.received()) !== null, 'the upgrade answer');
        for (const frame of sequence) connection.socket.write(frame);
        connection.socket.end();
        await connection.ended;
      }),
      fuzzOptions(40),
    );
    const client = await connectApiClient({ host: '127.0.0.1', port: server.port, token });
    expect(await within(client.call('runs.list', {}), ANSWER_BOUND_MS, 'runs.list')).toEqual({ runs: [], nextCursor: null });
    await client.close();
    expect(integrityCheck(engine.db)).toEqual(['ok']);
    expect(engine.log.lines.filter((line) => line.includes('failed unexpectedly'))).toEqual([]);
  });
});
