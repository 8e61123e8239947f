import { describe, expect, it } from 'vitest';
import type { CatchUp, Overlap } from '../../shared/schedules';
import { createCronSlots } from './cron-expression';
import { type SlotInput, decideSlots } from './decide-slots';

// A fake clock: the slots of "every 2 s" due between `from` and `now`, as the engine gathers them.
const EVERY_2_S = createCronSlots('*/2 * * * * *', 'UTC');
const T0 = new Date('2026-01-01T00:00:00Z');
const seconds = (s: number): Date => new Date(T0.getTime() + s * 1000);

function decide(fromS: number, nowS: number, options: Partial<Omit<SlotInput, 'now' | 'due'>> & { max?: number } = {}): Array<[number, string]> {
  const input: SlotInput = {
    now: seconds(nowS),
    enabled: options.enabled ?? true,
    catchUp: options.catchUp ?? ('latest' satisfies CatchUp),
    overlap: options.overlap ?? ('skip' satisfies Overlap),
    due: EVERY_2_S.dueBetween(seconds(fromS), seconds(nowS), options.max ?? 100),
    previousActive: options.previousActive ?? false,
    slotWaiting: options.slotWaiting ?? false,
  };
  return decideSlots(input).map((decision) => [
    (decision.dueAt.getTime() - T0.getTime()) / 1000,
    decision.action === 'start' && decision.replacePrevious ? 'replace' : decision.action,
  ]);
}

describe('decideSlots: on time', () => {
  it('starts a slot that is due when nothing of the schedule runs', () => {
    expect(decide(0, 2.05)).toEqual([[2, 'start']]);
  });

  it('skips, queues (one at most) or replaces while the previous run is active', () => {
    expect(decide(0, 6.1, { previousActive: true, overlap: 'skip' })).toEqual([
      [2, 'skipped_overlap'],
      [4, 'skipped_overlap'],
      [6, 'skipped_overlap'],
    ]);
    expect(decide(0, 4.1, { previousActive: true, overlap: 'queue' })).toEqual([
      [2, 'queue'],
      [4, 'skipped_overlap'],
    ]);
    expect(decide(0, 2.1, { previousActive: true, overlap: 'queue', slotWaiting: true })).toEqual([[2, 'skipped_overlap']]);
    expect(decide(0, 4.1, { previousActive: true, overlap: 'replace' })).toEqual([
      [2, 'replace'],
      [4, 'replace'],
    ]);
  });

  it('the first of two on-time slots starts and the second meets the overlap rule', () => {
    expect(decide(0, 4.1, { overlap: 'skip' })).toEqual([
      [2, 'start'],
      [4, 'skipped_overlap'],
    ]);
  });

  it('records every slot of a paused schedule as skipped_disabled', () => {
    expect(decide(0, 600, { enabled: false, max: 2 })).toEqual([
      [2, 'skipped_disabled'],
      [598, 'skipped_disabled'],
      [600, 'skipped_disabled'],
    ]);
  });
});

describe('decideSlots: catch-up after the engine was away', () => {
  // Every 5 minutes: slots at 5, 10, 15 … minutes; a slot more than 60 s old when decided came due while the engine was away.
  const EVERY_5_MIN = createCronSlots('*/5 * * * *', 'UTC');
  const minutes = (m: number): Date => new Date(T0.getTime() + m * 60_000);
  function catchUp(nowMin: number, options: Partial<Omit<SlotInput, 'now' | 'due'>> & { max?: number } = {}): Array<[number, string]> {
    const decisions = decideSlots({
      now: minutes(nowMin),
      enabled: true,
      catchUp: options.catchUp ?? 'latest',
      overlap: options.overlap ?? 'skip',
      due: EVERY_5_MIN.dueBetween(T0, minutes(nowMin), options.max ?? 100),
      previousActive: options.previousActive ?? false,
      slotWaiting: false,
    });
    return decisions.map((decision) => [(decision.dueAt.getTime() - T0.getTime()) / 60_000, decision.action]);
  }

  it('none records every late slot as missed and runs nothing', () => {
    expect(catchUp(21, { catchUp: 'none' })).toEqual([
      [5, 'missed'],
      [10, 'missed'],
      [15, 'missed'],
      [20, 'start'], // 60 s late is still on time
    ]);
  });

  it('latest starts only the last late slot, or none of them when a slot on time follows', () => {
    expect(catchUp(22, { catchUp: 'latest' })).toEqual([
      [5, 'missed'],
      [10, 'missed'],
      [15, 'missed'],
      [20, 'start'],
    ]);
    expect(catchUp(20.5, { catchUp: 'latest' })).toEqual([
      [5, 'missed'],
      [10, 'missed'],
      [15, 'missed'],
      [20, 'start'],
    ]);
  });

  it('latest still follows the overlap rule for the slot it catches up', () => {
    expect(catchUp(12, { catchUp: 'latest', previousActive: true, overlap: 'skip' })).toEqual([
      [5, 'missed'],
      [10, 'skipped_overlap'],
    ]);
  });

  it('all starts each late slot, at most the last ten, whatever the overlap rule', () => {
    const decisions = catchUp(62, { catchUp: 'all', previousActive: true });
    expect(decisions.filter(([, action]) => action === 'missed').map(([m]) => m)).toEqual([5, 10]);
    expect(decisions.filter(([, action]) => action === 'start').map(([m]) => m)).toEqual([15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
  });

  it('summarises slots too many to list as one missed row for the oldest', () => {
    const decisions = catchUp(24 * 60 + 3, { catchUp: 'latest', max: 5 });
    expect(decisions).toHaveLength(6);
    expect(decisions[0]).toEqual([5, 'missed']);
    expect(decisions.filter(([, action]) => action === 'start')).toEqual([[24 * 60, 'start']]);
  });
});
