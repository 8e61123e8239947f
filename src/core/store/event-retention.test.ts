import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOP_OPTIONS, type Run } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { openDatabase } from './database';
import { createEventRetention } from './event-retention';
import { createRunsRepository } from './runs-repository';

function setup(runOverrides: Partial<Run> = {}) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'autoloop-retention-')), 'autoloop.db'));
  const runs = createRunsRepository(db);
  const retention = createEventRetention(db);
  const run = buildRun({ status: 'running', ...runOverrides });
  runs.insertRun({ run, loop: DEFAULT_LOOP_OPTIONS, params: {} });
  const write = (count: number, size: number): void => {
    db.transaction(() => {
      const events = runs.appendEvents(
        Array.from({ length: count }, (_, i) => ({ runId: 'r1', iteration: 1, kind: 'text' as const, data: { text: `${i}`.padEnd(size, '.') }, at: 'a' })),
      );
      retention.addBytes(
        'r1',
        events.reduce((sum, event) => sum + JSON.stringify(event.data).length, 0),
      );
    })();
  };
  return { db, runs, retention, write };
}

describe('event retention', () => {
  it('keeps a run’s log under its cap, keeps the newest events and leaves a visible marker', () => {
    const { runs, retention, write } = setup();
    write(100, 1_000);
    expect(retention.enforceSizeCap('r1', 200_000, 'now')).toBeNull();
    const pruned = retention.enforceSizeCap('r1', 50_000, 'now');
    expect(pruned?.dropped).toBeGreaterThan(50);
    const events = runs.listEvents('r1', 0, 1_000);
    expect(events[0]).toMatchObject({ kind: 'notice', data: { truncated: true, droppedEvents: pruned?.dropped } });
    expect(String(events[0]?.data.message)).toContain('earlier log events were removed');
    expect(events.at(-1)?.seq).toBe(100);
    expect(retention.bytesOf('r1')).toBeLessThanOrEqual(50_000);
    expect(events.length - 1 + (pruned?.dropped ?? 0)).toBe(100);
  });

  it('counts everything removed across repeated prunings in one marker', () => {
    const { runs, retention, write } = setup();
    write(60, 1_000);
    const first = retention.enforceSizeCap('r1', 40_000, 'now');
    write(60, 1_000);
    const second = retention.enforceSizeCap('r1', 40_000, 'now');
    expect(second?.dropped).toBeGreaterThan(first?.dropped ?? 0);
    const events = runs.listEvents('r1', 0, 1_000);
    expect(events.filter((event) => event.data.truncated === true)).toHaveLength(1);
    expect(events.length - 1 + (second?.dropped ?? 0)).toBe(120);
  });

  it('removes the events of runs that ended long ago but keeps the run and a marker', () => {
    const { runs, retention, write } = setup({ status: 'ended', stopReason: 'completed', endedAt: '2026-01-02T00:00:00.000Z' });
    write(10, 100);
    expect(retention.enforceAge('2026-01-01T00:00:00.000Z', 90, 'now')).toBe(0);
    expect(retention.enforceAge('2026-06-01T00:00:00.000Z', 90, 'now')).toBe(1);
    const events = runs.listEvents('r1', 0, 100);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 10, data: { truncated: true, droppedEvents: 10 } });
    // A second pass finds nothing left to remove.
    expect(retention.enforceAge('2026-06-01T00:00:00.000Z', 90, 'now')).toBe(0);
    expect(runs.getRun('r1')).not.toBeNull();
  });
});
