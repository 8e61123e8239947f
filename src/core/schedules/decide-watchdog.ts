import type { CronSlots } from './cron-expression';

/** What the watchdog reads of one schedule. */
export type WatchdogInput = Readonly<{
  now: Date;
  createdAt: string;
  lastCompletedAt: string | null;
  watchdogPeriods: number;
  /** When the notice was last raised; it is raised once per stretch without a completed run. */
  noticedAt: string | null;
}>;

export type WatchdogDecision = Readonly<{ periodsWithoutCompletion: number; overdue: boolean; raiseNotice: boolean }>;

/**
 * "No completed run in N periods" (pure over the cron arithmetic): counts the slots that came due since the last completed run (or
 * since the schedule was made). Overdue at N; the notice is raised once until a run completes again.
 */
export function decideWatchdog(slots: CronSlots, input: WatchdogInput): WatchdogDecision {
  const since = new Date(input.lastCompletedAt ?? input.createdAt);
  const due = slots.dueBetween(since, input.now, input.watchdogPeriods + 1);
  const periods = due.slots.length + (due.earlier ? 1 : 0);
  const overdue = periods >= input.watchdogPeriods;
  const noticedThisStretch = input.noticedAt !== null && input.noticedAt >= since.toISOString();
  return { periodsWithoutCompletion: periods, overdue, raiseNotice: overdue && !noticedThisStretch };
}
