import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunBundle } from '../../shared/bundle';
import { exportRunBundle } from '../bundles/run-bundle';
import { EXPORTED_AT, folders, resigned, seedRun, tempStore } from '../bundles/testing/bundle-store';
import { type ServedTempEngine, startServedTempEngine } from '../testing/served-temp-engine';
import { BUNDLE_WORKER_ENTRY } from '../testing/temp-engine';
import { wsMessageText } from './ws-message-text';

// A valid bundle of tens of MiB once blocked every other API call while it was parsed and stored on the event loop.
if (!existsSync(BUNDLE_WORKER_ENTRY)) throw new Error(`${BUNDLE_WORKER_ENTRY} is missing: run \`npx electron-vite build\` first`);

let served: ServedTempEngine;
let large: RunBundle;

beforeAll(async () => {
  served = await startServedTempEngine();
  const source = tempStore();
  const small = exportRunBundle(source, seedRun(source).id, '0.1.0', EXPORTED_AT);
  const filler = 'x'.repeat(400);
  // 60,000 events of ~450 bytes: a frame of about 30 MiB.
  large = resigned(small, (copy) => {
    const [first] = copy.events;
    if (!first) throw new Error('the seeded run has no events');
    copy.events = Array.from({ length: 60_000 }, (_, index) => ({ ...first, seq: index + 1, data: { text: `${index} ${filler}` } }));
  });
});

afterAll(async () => {
  await served.close();
  folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});

/** A socket with the token; `answers` records every answer's id in the order it came. */
async function connect(): Promise<{ socket: WebSocket; answers: Array<{ id: number; result?: unknown; error?: { code: string; message: string } }> }> {
  const socket = new WebSocket(`ws://127.0.0.1:${served.server.port}/api`, { headers: { Authorization: `Bearer ${served.token}` }, maxPayload: 0 });
  const answers: Array<{ id: number; result?: unknown; error?: { code: string; message: string } }> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(wsMessageText(data)) as { id?: number };
    if (frame.id !== undefined) answers.push(frame as (typeof answers)[number]);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, answers };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a large runs.import frame', () => {
  it('lets runs.list answer while it is read and written, without showing the run, which appears once complete', async () => {
    const { socket, answers } = await connect();
    const frame = JSON.stringify({ id: 1, method: 'runs.import', params: { bundle: large } });
    expect(frame.length).toBeGreaterThan(25 * 1024 * 1024);
    socket.send(frame);
    socket.send(JSON.stringify({ id: 2, method: 'runs.list', params: {} }));
    await until(() => answers.length === 2, 'both answers');
    // The list was answered first, while the import was still being read: and it did not show the run.
    expect(answers.map((answer) => answer.id)).toEqual([2, 1]);
    expect(answers[0]?.result).toEqual({ runs: [], nextCursor: null });
    expect(answers[1]?.error).toBeUndefined();
    const imported = (answers[1]?.result as { run: { id: string } }).run;
    const listed = await served.engine.api['runs.list']({ limit: 100 });
    expect(listed.runs.map((run) => run.id)).toEqual([imported.id]);
    const page = await served.engine.api['runs.events']({ id: imported.id, afterSeq: 59_990, limit: 100 });
    expect(page.events.map((event) => event.seq)).toEqual([59_991, 59_992, 59_993, 59_994, 59_995, 59_996, 59_997, 59_998, 59_999, 60_000]);
    socket.close();
  }, 120_000);

  it('answers invalid_input for a large bundle that fails its checksum, and leaves no run', async () => {
    const before = (await served.engine.api['runs.list']({ limit: 100 })).runs.length;
    const { socket, answers } = await connect();
    const tampered = { ...large, events: large.events.map((event, index) => (index === 30_000 ? { ...event, data: { text: 'edited' } } : event)) };
    socket.send(JSON.stringify({ id: 7, method: 'runs.import', params: { bundle: tampered } }));
    await until(() => answers.length === 1, 'the answer');
    expect(answers[0]?.error).toMatchObject({ code: 'invalid_input' });
    expect(answers[0]?.error?.message).toContain('checksum does not match');
    expect((await served.engine.api['runs.list']({ limit: 100 })).runs).toHaveLength(before);
    socket.close();
  }, 120_000);
});
