import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/records';
import { createEventBus } from '../events/event-bus';
import { createMemoryLogger } from '../logger';
import { openDatabase } from '../store/database';
import { type SchedulesTable, type StoredSchedule, createSchedulesTable } from '../store/schedules-table';
import { type ScheduleEngine, createScheduleEngine } from './schedule-engine';
import { buildSchedule } from '../../shared/testing/build-schedule';

// The schedule engine on a real SQLite table with a clock and run starts the test controls: what a slot decides while an
// earlier slot's start has not settled yet.

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1_000);

type Start = Readonly<{ dueAt: string; settle(outcome: 'refused' | Run): void }>;

function setUp(overrides: Partial<StoredSchedule> = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-schedule-engine-'));
  const db = openDatabase(join(folder, 'autoloop.db'));
  const schedules: SchedulesTable = createSchedulesTable(db);
  const { nextDueAt: _next, lastRunAt: _last, ...nightly } = buildSchedule({ name: 'every-two', cron: '*/2 * * * * *', createdAt: at(0).toISOString() });
  const schedule: StoredSchedule = { ...nightly, decidedThrough: at(0).toISOString(), watchdogNoticedAt: null, ...overrides };
  schedules.insertSchedule(schedule);
  let clock = at(0);
  const starts: Start[] = [];
  const active: Run[] = [];
  const bus = createEventBus();
  const engine: ScheduleEngine = createScheduleEngine({
    schedules,
    bus,
    log: createMemoryLogger(),
    now: () => clock,
    startRun: (params) =>
      new Promise<Run>((resolve, reject) => {
        starts.push({
          dueAt: params.name?.split(' @ ')[1] ?? '',
          settle: (outcome) => (outcome === 'refused' ? reject(new Error('The model has no key')) : resolve(outcome)),
        });
      }),
    activeRunsOf: () => active,
    stopRun: () => Promise.reject(new Error('no run to stop here')),
    notice: () => undefined,
    spentToday: () => 0,
    active: () => true,
  });
  return {
    engine,
    schedules,
    starts,
    bus,
    active,
    setClock: (date: Date) => void (clock = date),
    slot: (seconds: number) => schedules.listSlots('s1', 50).find((slot) => slot.dueAt === at(seconds).toISOString()),
    dispose() {
      engine.stop();
      db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

let dispose: (() => void) | null = null;
afterEach(() => {
  dispose?.();
  dispose = null;
});

describe('the schedule engine', () => {
  it('does not skip a slot as an overlap of a start that is then refused (blocked): it decides it once that start settles', async () => {
    const target = setUp();
    dispose = target.dispose;
    target.setClock(at(2.01));
    target.engine.wake();
    expect(target.starts.map((start) => start.dueAt)).toEqual([at(2).toISOString()]);
    // The next slot comes due while the first start is still in flight.
    target.setClock(at(4.01));
    target.engine.wake();
    target.starts[0]?.settle('refused');
    await target.engine.idle();
    expect(target.slot(2)).toMatchObject({ outcome: 'blocked', reason: 'The model has no key' });
    target.engine.wake();
    expect(target.slot(4)?.outcome).not.toBe('skipped_overlap');
    expect(target.slot(4)).toMatchObject({ outcome: 'started' });
    expect(target.starts.map((start) => start.dueAt)).toEqual([at(2).toISOString(), at(4).toISOString()]);
    target.starts[1]?.settle('refused');
    await target.engine.idle();
  });

  it('does not start a slot that waited (overlap queue) once its schedule is paused: it is skipped_disabled', async () => {
    const target = setUp({ overlap: 'queue' });
    dispose = target.dispose;
    target.setClock(at(2.01));
    target.engine.wake();
    const run = { id: 'r1', scheduleId: 's1', status: 'running' } as Run;
    target.active.push(run);
    target.starts[0]?.settle(run);
    await target.engine.idle();
    target.setClock(at(4.01));
    target.engine.wake();
    expect(target.slot(4)).toMatchObject({ outcome: 'queued', runId: null });
    target.schedules.updateSchedule('s1', { enabled: false });
    target.active.length = 0;
    target.bus.publish({ type: 'run.updated', run: { ...run, status: 'ended' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(target.starts).toHaveLength(1);
    await target.engine.idle();
    expect(target.slot(4)).toMatchObject({ outcome: 'skipped_disabled', runId: null });
    expect(target.slot(4)?.reason).toContain('paused');
  });

  it('at engine start, every slot that came due while it was away follows catch-up, not only those more than a minute late', async () => {
    const outcomes = async (catchUp: 'none' | 'latest' | 'all') => {
      const target = setUp({ catchUp, cron: '*/5 * * * * *' });
      try {
        // Away for 70 s: fourteen slots came due, the last ones less than a minute ago.
        target.setClock(at(70.2));
        target.engine.start();
        const slots = target.schedules.listSlots('s1', 50).toReversed();
        target.starts.forEach((start) => start.settle('refused'));
        await target.engine.idle();
        return { outcomes: slots.map((slot) => slot.outcome), started: target.starts.map((start) => start.dueAt) };
      } finally {
        target.dispose();
      }
    };
    const none = await outcomes('none');
    expect(none.started).toEqual([]);
    expect(new Set(none.outcomes)).toEqual(new Set(['missed']));
    expect(none.outcomes).toHaveLength(14);
    const latest = await outcomes('latest');
    expect(latest.started).toEqual([at(70).toISOString()]);
    expect(latest.outcomes.slice(0, 13).every((outcome) => outcome === 'missed')).toBe(true);
    const all = await outcomes('all');
    expect(all.started).toHaveLength(10);
    expect(all.outcomes.filter((outcome) => outcome === 'skipped_overlap')).toEqual([]);
  });
});
