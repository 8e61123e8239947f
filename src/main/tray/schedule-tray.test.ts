import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { ScheduleListItem } from '../../shared/schedules';
import { buildScheduleListItem } from '../../shared/testing/build-schedule';
import { EMPTY_SHELL_STATE } from '../shell-state/shell-state';
import { buildTrayMenu, trayIconState, trayTooltip } from './tray-menu';
import { type ScheduleTrayActions, scheduleBadgeCount, scheduleTrayItems } from './schedule-tray';

const NOW = new Date('2026-01-05T12:00:00.000Z');

const schedule = (name: string, changes: Partial<ScheduleListItem> = {}): ScheduleListItem => buildScheduleListItem({ id: `s-${name}`, name, ...changes });
const overdue = (name: string): ScheduleListItem =>
  schedule(name, { health: { lastCompletedAt: null, periodsWithoutCompletion: 4, overdue: true, spend: { day: 0, week: 0, month: 0 } } });

function recording(): { actions: ScheduleTrayActions; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      openSchedules: () => calls.push('open schedules'),
      pauseAllSchedules: () => calls.push('pause schedules'),
      resumeAllSchedules: () => calls.push('resume schedules'),
    },
  };
}
const labels = (items: ReadonlyArray<MenuItemConstructorOptions>): string[] => items.map((item) => (item.type === 'separator' ? '---' : String(item.label)));
const click = (items: ReadonlyArray<MenuItemConstructorOptions>, label: string): void => (items.find((item) => item.label === label)?.click as () => void)();

describe('the tray’s schedules', () => {
  it('has no items without schedules', () => {
    expect(scheduleTrayItems({ schedules: [] }, recording().actions, NOW, 'UTC')).toEqual([]);
  });

  it('names the next due run and pauses all schedules', () => {
    const { actions, calls } = recording();
    const items = scheduleTrayItems(
      { schedules: [schedule('weekly', { nextDueAt: '2026-01-08T08:30:00.000Z' }), schedule('nightly', { nextDueAt: '2026-01-06T03:00:00.000Z' })] },
      actions,
      NOW,
      'UTC',
    );
    expect(labels(items)).toEqual(['---', 'Next: nightly at Tue 03:00', 'Pause all schedules']);
    expect(items[1]?.enabled).toBe(false);
    click(items, 'Pause all schedules');
    expect(calls).toEqual(['pause schedules']);
  });

  it('offers Resume schedules once every schedule is paused', () => {
    const { actions, calls } = recording();
    const items = scheduleTrayItems({ schedules: [schedule('nightly', { enabled: false })] }, actions, NOW, 'UTC');
    expect(labels(items)).toEqual(['---', 'Schedules paused', 'Resume schedules']);
    click(items, 'Resume schedules');
    expect(calls).toEqual(['resume schedules']);
  });

  it('badges the schedules the watchdog flags: a count, an item opening the Schedules page, the attention icon and the tooltip', () => {
    const { actions, calls } = recording();
    const state = { schedules: [overdue('nightly'), schedule('hourly', { nextDueAt: '2026-01-05T13:00:00.000Z' }), overdue('weekly')] };
    expect(scheduleBadgeCount(state)).toBe(2);
    const items = scheduleTrayItems(state, actions, NOW, 'UTC');
    expect(labels(items)).toEqual(['---', 'Next: hourly at 13:00', '2 schedules have no completed run…', 'Pause all schedules']);
    click(items, '2 schedules have no completed run…');
    expect(calls).toEqual(['open schedules']);
    expect(trayIconState([], [], 2)).toBe('attention');
    expect(trayIconState([], [], 0)).toBe('idle');
    expect(trayTooltip([], [], 1)).toBe('Autoloop: no active runs · 1 schedule has no completed run');
  });

  it('sits in the tray menu after Pause all / Stop all and before Show window', () => {
    const items = scheduleTrayItems({ schedules: [schedule('nightly', { nextDueAt: '2026-01-05T23:00:00.000Z' })] }, recording().actions, NOW, 'UTC');
    const menu = buildTrayMenu(
      EMPTY_SHELL_STATE,
      {
        openRun() {},
        pauseRun() {},
        resumeRun() {},
        stopRun() {},
        startNow() {},
        dequeue() {},
        decideApproval() {},
        pauseAll() {},
        stopAll() {},
        showWindow() {},
        quit() {},
      },
      items,
    );
    expect(labels(menu)).toEqual([
      'No active runs',
      '---',
      'Pause all',
      'Stop all',
      '---',
      'Next: nightly at 23:00',
      'Pause all schedules',
      '---',
      'Show window',
      'Quit Autoloop',
    ]);
  });
});
