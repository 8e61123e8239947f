import type { Schedule, ScheduleHealth, ScheduleListItem } from '../schedules';

/** A schedule's health with nothing to say: no run completed yet, none overdue, nothing spent. */
export const QUIET_HEALTH: ScheduleHealth = {
  lastCompletedAt: null,
  periodsWithoutCompletion: 0,
  overdue: false,
  spend: { day: 0, week: 0, month: 0 },
};

/** A nightly schedule of the demo template (read-only, UTC) for tests of the engine, its stores and the shells; every field can be overridden. */
export function buildSchedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    id: 's1',
    name: 'nightly',
    template: 'demo-counter',
    params: {},
    settings: { profile: 'read-only', onApprovalTimeout: null },
    cron: '0 3 * * *',
    timezone: 'UTC',
    enabled: true,
    catchUp: 'latest',
    overlap: 'skip',
    maxCostUsdPerDay: null,
    watchdogPeriods: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
    nextDueAt: null,
    lastRunAt: null,
    ...overrides,
  };
}

/** The schedule as the list shows it, with its health (quiet unless overridden). */
export function buildScheduleListItem(overrides: Partial<ScheduleListItem> = {}): ScheduleListItem {
  return { ...buildSchedule(overrides), health: QUIET_HEALTH, ...overrides };
}
