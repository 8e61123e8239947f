import type { ScheduleHealth } from '../../shared/schedules';
import type { SchedulesTable, StoredSchedule } from '../store/schedules-table';
import { createCronSlots } from './cron-expression';
import { decideWatchdog } from './decide-watchdog';

const DAY_MS = 86_400_000;

/** How a schedule is doing: the watchdog's count of periods without a completed run, and its spend over 1, 7 and 30 days. */
export function scheduleHealth(schedules: SchedulesTable, schedule: StoredSchedule, now: Date): ScheduleHealth {
  const lastCompletedAt = schedules.lastCompletedAt(schedule.id);
  const watchdog = decideWatchdog(createCronSlots(schedule.cron, schedule.timezone), {
    now,
    createdAt: schedule.createdAt,
    lastCompletedAt,
    watchdogPeriods: schedule.watchdogPeriods,
    noticedAt: schedule.watchdogNoticedAt,
  });
  const spentSince = (days: number): number => schedules.spendSince(schedule.id, new Date(now.getTime() - days * DAY_MS).toISOString());
  return {
    lastCompletedAt,
    periodsWithoutCompletion: watchdog.periodsWithoutCompletion,
    overdue: watchdog.overdue,
    spend: { day: spentSince(1), week: spentSince(7), month: spentSince(30) },
  };
}
