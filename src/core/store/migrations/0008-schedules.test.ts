import { describe, expect, it } from 'vitest';
import { createRunsRepository } from '../runs-repository';
import { createSchedulesTable } from '../schedules-table';
import { buildSchedule } from '../../../shared/testing/build-schedule';
import { databaseBefore } from '../testing/database-before';

describe('migration 0008', () => {
  it('adds schedules and their slots, keeps stored runs (no schedule), and records each slot once', () => {
    const { db, upgrade } = databaseBefore(8, { withRun: true, foreignKeys: true });
    upgrade();
    expect(createRunsRepository(db).getRun('r1')?.run.scheduleId).toBeNull();

    const schedules = createSchedulesTable(db);
    const at = '2026-01-01T00:00:00.000Z';
    const { nextDueAt: _next, lastRunAt: _last, ...schedule } = buildSchedule({ createdAt: at });
    schedules.insertSchedule({ ...schedule, decidedThrough: at, watchdogNoticedAt: null });
    const slot = { dueAt: '2026-01-01T03:00:00.000Z', manual: false, outcome: 'started' as const, reason: null, runId: null };
    expect(schedules.recordSlots('s1', [slot], slot.dueAt, at)).toHaveLength(1);
    // A database restored from an older copy, or a second engine: the same slot is never decided (or started) again.
    expect(schedules.recordSlots('s1', [{ ...slot, outcome: 'missed' }], slot.dueAt, at)).toEqual([]);
    expect(schedules.getSchedule('s1')?.decidedThrough).toBe(slot.dueAt);
    schedules.recordSlots('s1', [], at, at);
    expect(schedules.getSchedule('s1')?.decidedThrough).toBe(slot.dueAt);
    expect(schedules.claimsWithoutRun()).toHaveLength(1);
    schedules.deleteSchedule('s1');
    expect(db.prepare('SELECT count(*) FROM schedule_slots').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
