import type { MenuItemConstructorOptions } from 'electron';
import type { ScheduleListItem } from '../../shared/schedules';
import { nextDueText, unhealthySchedules } from '../../shared/schedule-words';
import { menuText } from './menu-text';

/** What the tray knows of the schedules: the list with each one's health, as `schedules.list` answered last. */
export type ScheduleTrayState = Readonly<{ schedules: ReadonlyArray<ScheduleListItem> }>;

export const EMPTY_SCHEDULE_TRAY_STATE: ScheduleTrayState = { schedules: [] };

/** What the schedule items do; the composition root supplies them. */
export type ScheduleTrayActions = Readonly<{
  openSchedules(): void;
  pauseAllSchedules(): void;
  resumeAllSchedules(): void;
}>;

/** The tray badge: how many schedules the watchdog flags (no completed run in their N periods). */
export function scheduleBadgeCount(state: ScheduleTrayState): number {
  return unhealthySchedules(state.schedules).length;
}

/** "1 schedule has no completed run", "2 schedules have no completed run". */
export function unhealthyText(count: number): string {
  return count === 1 ? '1 schedule has no completed run' : `${count} schedules have no completed run`;
}

/**
 * The tray's schedule items (none without schedules): the next due run ("Next: nightly at 03:00"), the schedules the watchdog
 * flags (opening the Schedules page), and "Pause all schedules" while any is enabled, else "Resume schedules".
 * Builds data only; `timeZone` is for tests (the tray shows the computer's own).
 */
export function scheduleTrayItems(state: ScheduleTrayState, actions: ScheduleTrayActions, now: Date, timeZone?: string): MenuItemConstructorOptions[] {
  const { schedules } = state;
  if (schedules.length === 0) return [];
  const anyEnabled = schedules.some((schedule) => schedule.enabled);
  const next = nextDueText(schedules, now, timeZone);
  const unhealthy = scheduleBadgeCount(state);
  return [
    { type: 'separator' },
    { label: next ? menuText(next) : anyEnabled ? 'No schedule due' : 'Schedules paused', enabled: false },
    ...(unhealthy > 0 ? [{ label: `${unhealthyText(unhealthy)}…`, click: actions.openSchedules }] : []),
    anyEnabled ? { label: 'Pause all schedules', click: actions.pauseAllSchedules } : { label: 'Resume schedules', click: actions.resumeAllSchedules },
  ];
}
