import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LOOP_OPTIONS, type RunEvent } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { createMemoryLogger } from '../logger';
import { type Db, openDatabase } from '../store/database';
import { createEventRetention } from '../store/event-retention';
import { createRunsRepository } from '../store/runs-repository';
import { waitUntil } from '../testing/wait-until';
import { type WriteTrouble, createEventWriter, writeRetryDelayMs } from './event-writer';

// A SQLite error in the event writer once lost the batch (and the engine); now it keeps it and retries.
const folders: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  dbs.splice(0).forEach((db) => db.close());
  folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});

function setup() {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-writer-'));
  folders.push(folder);
  const db = openDatabase(join(folder, 'autoloop.db'));
  dbs.push(db);
  const runs = createRunsRepository(db);
  const run = buildRun({ id: 'r-writer' });
  runs.insertRun({ run, loop: DEFAULT_LOOP_OPTIONS, params: {} });
  const published: RunEvent[] = [];
  const troubles: WriteTrouble[] = [];
  const log = createMemoryLogger();
  const writer = createEventWriter({
    db,
    runs,
    retention: createEventRetention(db),
    maxBytesPerRun: () => 10_000_000,
    publish: (event) => void published.push(event),
    now: () => new Date().toISOString(),
    log,
    onTrouble: (trouble) => void troubles.push(trouble),
  });
  const event = (text: string) => ({ runId: run.id, iteration: 1, kind: 'text' as const, data: { text }, at: new Date().toISOString() });
  const stored = (): number[] => runs.listAllEvents(run.id).map((row) => row.seq);
  return { db, writer, published, troubles, log, event, stored };
}

describe('the event writer', () => {
  it('keeps a batch SQLite refuses, retries it with backoff, and numbers the events without a gap', async () => {
    const { db, writer, published, log, event, stored } = setup();
    db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.events BEGIN SELECT RAISE(ABORT, 'the disk said no'); END`);
    writer.enqueue([event('a'), event('b')]);
    writer.flush();
    expect({ stored: stored(), published: published.length, queued: writer.queued() }).toEqual({ stored: [], published: 0, queued: 2 });
    writer.enqueue([event('c')]);
    expect(log.lines.some((line) => line.includes('writing 2 run events failed (attempt 1)') && line.includes('the disk said no'))).toBe(true);

    db.exec('DROP TRIGGER refuse');
    await waitUntil(() => writer.queued() === 0, 'the retry to write the batch');
    expect(stored()).toEqual([1, 2, 3]);
    expect(published.map((row) => [row.seq, row.data.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    writer.enqueue([event('d')]);
    writer.flush();
    expect(stored()).toEqual([1, 2, 3, 4]);
  });

  it('reports a full disk once, at the first SQLITE_FULL', () => {
    const { db, writer, troubles, event } = setup();
    const { page_count: pages } = db.prepare('PRAGMA page_count').get() as { page_count: number };
    db.pragma(`max_page_count = ${pages}`);
    writer.enqueue([event('x'.repeat(64 * 1024))]);
    writer.flush();
    writer.flush();
    expect(troubles.map((trouble) => trouble.kind)).toEqual(['disk_full']);
    expect(writer.queued()).toBe(1);
  });

  it('waits longer after each failure, up to a bound', () => {
    expect([1, 2, 3, 10, 100].map(writeRetryDelayMs)).toEqual([100, 200, 400, 5_000, 5_000]);
  });
});
