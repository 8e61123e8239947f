import { assertNever } from './assert';
import type { RunBadgeTone } from './run-badge';
import type { Schedule, ScheduleListItem, SlotOutcome } from './schedules';

// Schedules in words (issue #21), the same in the window, the tray and notifications.

/** A slot's outcome in a few words for its badge ("started a run", "skipped: overlap"); the slot's reason says the rest. */
export function describeSlotOutcome(outcome: SlotOutcome): string {
  switch (outcome) {
    case 'started':
      return 'started a run';
    case 'queued':
      return 'queued behind the last run';
    case 'skipped_overlap':
      return 'skipped: overlap';
    case 'missed':
      return 'missed';
    case 'skipped_disabled':
      return 'skipped: paused';
    case 'blocked':
      return 'blocked';
    default:
      return assertNever(outcome, 'SlotOutcome');
  }
}

/** The colour of a slot's outcome: a run started is fine, a skip or a miss is worth a look, a blocked slot needs a person. */
export function slotTone(outcome: SlotOutcome): RunBadgeTone {
  switch (outcome) {
    case 'started':
      return 'ok';
    case 'queued':
      return 'active';
    case 'skipped_disabled':
      return 'neutral';
    case 'skipped_overlap':
    case 'missed':
      return 'warn';
    case 'blocked':
      return 'bad';
    default:
      return assertNever(outcome, 'SlotOutcome');
  }
}

/** The one-letter mark of an outcome in the sparkline's text alternative and the tray: S started, Q queued, O overlap, M missed, P paused, B blocked. */
export function slotMark(outcome: SlotOutcome): string {
  const marks: Readonly<Record<SlotOutcome, string>> = { started: 'S', queued: 'Q', skipped_overlap: 'O', missed: 'M', skipped_disabled: 'P', blocked: 'B' };
  return marks[outcome];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const isNumber = (text: string): boolean => /^\d{1,2}$/.test(text);
const twoDigits = (text: string): string => text.padStart(2, '0');
const everyN = (field: string): number | null => {
  const match = /^\*\/(\d{1,4})$/.exec(field);
  return match?.[1] ? Number(match[1]) : null;
};
const plural = (count: number, unit: string): string => (count === 1 ? `every ${unit}` : `every ${count} ${unit}s`);

/**
 * Pure: a cron expression in words for the common shapes ("every day at 03:00", "every 2 seconds", "every Monday at 04:00",
 * "every hour at :15"); null for anything else, which is then shown as the expression itself.
 */
export function describeCron(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  const [seconds, rest] = fields.length === 6 ? [fields[0] ?? '', fields.slice(1)] : ['0', fields];
  if (rest.length !== 5) return null;
  const [minute = '', hour = '', day = '', month = '', weekday = ''] = rest;
  const everyDay = day === '*' && month === '*';
  if (!everyDay) return null;
  const secondsEvery = everyN(seconds);
  if (secondsEvery !== null && minute === '*' && hour === '*' && weekday === '*') return plural(secondsEvery, 'second');
  if (seconds !== '0') return null;
  const minutesEvery = everyN(minute);
  if (minutesEvery !== null && hour === '*' && weekday === '*') return plural(minutesEvery, 'minute');
  if (minute === '*' && hour === '*' && weekday === '*') return 'every minute';
  if (!isNumber(minute)) return null;
  if (hour === '*' && weekday === '*') return `every hour at :${twoDigits(minute)}`;
  if (!isNumber(hour)) return null;
  const at = `${twoDigits(hour)}:${twoDigits(minute)}`;
  if (weekday === '*') return `every day at ${at}`;
  if (weekday === '1-5') return `every weekday at ${at}`;
  const named = isNumber(weekday) ? WEEKDAYS[Number(weekday) % 7] : undefined;
  return named ? `every ${named} at ${at}` : null;
}

/** The time of a moment as a person reads it in a menu: "03:00" today, "Mon 03:00" within a week, else "12 Jan 03:00". */
export function shortDueTime(dueAt: Date, now: Date, timeZone?: string): string {
  const zone = timeZone ? { timeZone } : {};
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zone }).format(dueAt);
  const dayOf = (date: Date): string => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...zone }).format(date);
  if (dayOf(dueAt) === dayOf(now)) return time;
  if (dueAt.getTime() - now.getTime() < 6 * 86_400_000) {
    return `${new Intl.DateTimeFormat('en-GB', { weekday: 'short', ...zone }).format(dueAt)} ${time}`;
  }
  return `${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', ...zone }).format(dueAt)} ${time}`;
}

/** The enabled schedule due next, or null when none is. */
export function nextDueSchedule<T extends Pick<Schedule, 'enabled' | 'nextDueAt'>>(schedules: ReadonlyArray<T>): T | null {
  return schedules
    .filter((schedule) => schedule.enabled && schedule.nextDueAt !== null)
    .reduce<T | null>((next, schedule) => (next === null || (schedule.nextDueAt ?? '') < (next.nextDueAt ?? '') ? schedule : next), null);
}

/** "Next: nightly at 03:00", or null when no schedule is due (none, or all paused). */
export function nextDueText(schedules: ReadonlyArray<Pick<Schedule, 'name' | 'enabled' | 'nextDueAt'>>, now: Date, timeZone?: string): string | null {
  const next = nextDueSchedule(schedules);
  if (!next?.nextDueAt) return null;
  return `Next: ${next.name} at ${shortDueTime(new Date(next.nextDueAt), now, timeZone)}`;
}

/** The schedules whose watchdog says no run completed in their N periods. */
export function unhealthySchedules<T extends Pick<ScheduleListItem, 'health'>>(schedules: ReadonlyArray<T>): T[] {
  return schedules.filter((schedule) => schedule.health.overdue);
}

/** "No run completed in 4 periods", or "Healthy". */
export function describeHealth(schedule: Pick<ScheduleListItem, 'health' | 'watchdogPeriods'>): string {
  const { periodsWithoutCompletion, overdue } = schedule.health;
  if (!overdue) return 'Healthy';
  return `No run completed in ${periodsWithoutCompletion} ${periodsWithoutCompletion === 1 ? 'period' : 'periods'}`;
}
