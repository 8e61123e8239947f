import { afterAll, describe, expect, it } from 'vitest';
import { type ApiPushEvent, StartRunParams } from '../../shared/api';
import { type TempEngine, createTempEngine, isProcessAlive } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { DISK_FULL_NOTICE } from './pause-on-write-trouble';

// SQLITE_FULL in the event writer pauses every run with a notice that says the disk is full.
let target: TempEngine;
afterAll(async () => {
  await target.dispose();
  expect(target.pids.filter(isProcessAlive)).toEqual([]);
});

describe('a full disk', () => {
  it('pauses the running run as disk_full, says so once, and the run resumes with its events numbered on once there is room', async () => {
    target = createTempEngine({ supervisor: { stopGraceMs: 1_000 } });
    const heard: ApiPushEvent[] = [];
    target.bus.subscribe((event) => void heard.push(event));
    const model = target.writeScript('chatty', {
      responses: [{ delayMs: 100, text: 'x'.repeat(64 * 1024), toolCalls: [{ tool: 'report', input: { summary: 'wrote a page' } }] }],
    });
    const run = await target.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, limits: { maxIterations: 1_000 } }));
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).iterations >= 1, 'a first iteration');

    const { page_count: pages } = target.db.prepare('PRAGMA page_count').get() as { page_count: number };
    target.db.pragma(`max_page_count = ${pages}`);
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).pauseReason === 'disk_full', 'the run to be paused as disk_full');
    const paused = await target.api['runs.get']({ id: run.id });
    expect(paused).toMatchObject({ status: 'paused', detail: 'The disk is full; free some space, then resume' });
    expect(heard.filter((event) => event.type === 'notice' && event.message === DISK_FULL_NOTICE)).toHaveLength(1);
    expect(target.log.lines.some((line) => line.includes('SQLITE_FULL') || line.includes('database or disk is full'))).toBe(true);

    target.db.pragma('max_page_count = 1073741823');
    target.supervisor.flushEvents();
    const { events } = await target.api['runs.events']({ id: run.id, afterSeq: 0, limit: 1_000 });
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    await target.api['runs.resume']({ id: run.id });
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).iterations >= paused.iterations + 1, 'an iteration after the resume');
  });
});
