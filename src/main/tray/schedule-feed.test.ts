import { afterEach, describe, expect, it } from 'vitest';
import type { ScheduleListItem } from '../../shared/schedules';
import { buildRun } from '../../shared/testing/build-run';
import { buildScheduleListItem } from '../../shared/testing/build-schedule';
import { createEventBus } from '../../core/events/event-bus';
import { type ScheduleFeed, createScheduleFeed, touchesSchedules } from './schedule-feed';

const item = (name: string): ScheduleListItem => buildScheduleListItem({ id: `s-${name}`, name });

/** Resolves after the loads in flight have answered (each load answers on the next turn). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the tray’s schedule feed', () => {
  let feed: ScheduleFeed | null = null;
  afterEach(() => feed?.dispose());

  it('loads at once and again when a scheduled run changes or a schedule’s notice comes, not on other events', async () => {
    const bus = createEventBus();
    const answers = [[item('nightly')], [item('nightly'), item('hourly')], [item('hourly')]];
    let loads = 0;
    feed = createScheduleFeed({ bus, load: async () => answers[Math.min(loads++, answers.length - 1)] ?? [], onLoadError: () => undefined });
    const seen: string[][] = [];
    feed.subscribe((state) => seen.push(state.schedules.map((schedule) => schedule.name)));
    await settle();
    expect(feed.current().schedules.map((schedule) => schedule.name)).toEqual(['nightly']);
    bus.publish({ type: 'run.updated', run: buildRun({ id: 'r1', scheduleId: null }) });
    bus.publish({ type: 'notice', level: 'info', message: 'hello' });
    await settle();
    expect(loads).toBe(1);
    bus.publish({ type: 'run.updated', run: buildRun({ id: 'r2', scheduleId: 's-nightly' }) });
    await settle();
    bus.publish({ type: 'notice', level: 'warning', message: 'overdue', schedule: { id: 's-hourly', name: 'hourly', problem: 'watchdog' } });
    await settle();
    expect(seen).toEqual([['nightly'], ['nightly', 'hourly'], ['hourly']]);
  });

  it('keeps the newest answer when an older load answers last, and reports a failed load', async () => {
    const bus = createEventBus();
    const pending: Array<(list: ScheduleListItem[]) => void> = [];
    const errors: unknown[] = [];
    let fail = false;
    feed = createScheduleFeed({
      bus,
      load: () => (fail ? Promise.reject(new Error('engine busy')) : new Promise((resolve) => pending.push(resolve))),
      onLoadError: (error) => errors.push(error),
    });
    const newer = feed.refresh();
    pending[1]?.([item('newer')]);
    await newer;
    pending[0]?.([item('older')]);
    await settle();
    expect(feed.current().schedules.map((schedule) => schedule.name)).toEqual(['newer']);
    fail = true;
    await feed.refresh();
    expect(errors).toHaveLength(1);
    expect(feed.current().schedules.map((schedule) => schedule.name)).toEqual(['newer']);
  });

  it('refreshes on schedule events only', () => {
    expect(touchesSchedules({ type: 'run.updated', run: buildRun({ scheduleId: 's1' }) })).toBe(true);
    expect(touchesSchedules({ type: 'run.updated', run: buildRun({ scheduleId: null }) })).toBe(false);
    expect(touchesSchedules({ type: 'notice', level: 'info', message: 'x' })).toBe(false);
  });
});
