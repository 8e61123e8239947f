import { describe, expect, it } from 'vitest';
import { SlotOutcome } from './schedules';
import { describeCron, describeHealth, describeSlotOutcome, nextDueText, shortDueTime, slotMark, slotTone, unhealthySchedules } from './schedule-words';

const health = (overdue: boolean, periodsWithoutCompletion = 0) => ({
  lastCompletedAt: null,
  periodsWithoutCompletion,
  overdue,
  spend: { day: 0, week: 0, month: 0 },
});

describe('schedule words', () => {
  it('words, a tone and a distinct mark for every slot outcome', () => {
    const marks = SlotOutcome.options.map(slotMark);
    expect(new Set(marks).size).toBe(SlotOutcome.options.length);
    for (const outcome of SlotOutcome.options) {
      expect(describeSlotOutcome(outcome)).not.toBe('');
      expect(['ok', 'active', 'neutral', 'warn', 'bad']).toContain(slotTone(outcome));
    }
    expect(describeSlotOutcome('skipped_overlap')).toBe('skipped: overlap');
    expect(slotTone('blocked')).toBe('bad');
  });

  it('says the common cron shapes in words and leaves the rest as the expression', () => {
    expect(describeCron('*/2 * * * * *')).toBe('every 2 seconds');
    expect(describeCron('*/15 * * * *')).toBe('every 15 minutes');
    expect(describeCron('* * * * *')).toBe('every minute');
    expect(describeCron('5 * * * *')).toBe('every hour at :05');
    expect(describeCron('0 3 * * *')).toBe('every day at 03:00');
    expect(describeCron('0 0 3 * * *')).toBe('every day at 03:00');
    expect(describeCron('30 8 * * 1')).toBe('every Monday at 08:30');
    expect(describeCron('30 8 * * 7')).toBe('every Sunday at 08:30');
    expect(describeCron('0 9 * * 1-5')).toBe('every weekday at 09:00');
    expect(describeCron('0 3 1 * *')).toBeNull();
    expect(describeCron('0 3,15 * * *')).toBeNull();
    expect(describeCron('nonsense')).toBeNull();
  });

  it('names the enabled schedule due next with its time, today, this week or later', () => {
    const now = new Date('2026-01-05T12:00:00.000Z');
    const schedules = [
      { name: 'paused', enabled: false, nextDueAt: null },
      { name: 'weekly', enabled: true, nextDueAt: '2026-01-08T08:30:00.000Z' },
      { name: 'nightly', enabled: true, nextDueAt: '2026-01-05T23:00:00.000Z' },
    ];
    expect(nextDueText(schedules, now, 'UTC')).toBe('Next: nightly at 23:00');
    expect(nextDueText(schedules.slice(0, 2), now, 'UTC')).toBe('Next: weekly at Thu 08:30');
    expect(nextDueText(schedules.slice(0, 1), now, 'UTC')).toBeNull();
    expect(nextDueText([], now, 'UTC')).toBeNull();
    expect(shortDueTime(new Date('2026-02-01T03:00:00.000Z'), now, 'UTC')).toBe('1 Feb 03:00');
    // The person's own zone decides what "today" is.
    expect(shortDueTime(new Date('2026-01-05T23:30:00.000Z'), now, 'Europe/Berlin')).toBe('Tue 00:30');
  });

  it('counts the schedules the watchdog flags and says how long they went without a completed run', () => {
    const list = [{ health: health(false) }, { health: health(true, 4) }];
    expect(unhealthySchedules(list)).toHaveLength(1);
    expect(describeHealth({ watchdogPeriods: 3, health: health(true, 4) })).toBe('No run completed in 4 periods');
    expect(describeHealth({ watchdogPeriods: 3, health: health(false, 1) })).toBe('Healthy');
  });
});
