import { Cron } from 'croner';

// Cron parsing and slot computation with croner: five fields, or six with seconds first; IANA time zones.

/** A cron expression or time zone that cannot be used, with where the problem is. */
export type CronProblem = Readonly<{ message: string; /** 1-based column of the field at fault (0: the whole expression). */ position: number }>;

const FIELD_NAMES_5 = ['minute', 'hour', 'day of month', 'month', 'day of week'];
const FIELD_NAMES_6 = ['second', ...FIELD_NAMES_5];
const EXAMPLE = 'e.g. "0 3 * * *" (03:00 daily) or "*/2 * * * * *" (every 2 s)';

function build(expression: string, timezone?: string): Cron {
  return new Cron(expression, { paused: true, mode: '5-or-6-parts', ...(timezone ? { timezone } : {}) });
}

/** Whether the IANA time zone is known to this runtime. */
export function checkTimezone(timezone: string): CronProblem | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return null;
  } catch {
    return { message: `Unknown time zone "${timezone}": use an IANA name such as Europe/Berlin, America/New_York or UTC`, position: 0 };
  }
}

/** The fields of the expression with their 1-based columns. */
function fieldsOf(expression: string): Array<{ text: string; column: number }> {
  return [...expression.matchAll(/\S+/g)].map((match) => ({ text: match[0], column: match.index + 1 }));
}

/**
 * Checks a cron expression (five fields, or six with seconds) and its time zone. A bad field is named with its column, so a person
 * sees where to look ("the hour field at column 5").
 */
export function checkCronExpression(expression: string, timezone: string): CronProblem | null {
  const zone = checkTimezone(timezone);
  if (zone) return zone;
  const fields = fieldsOf(expression);
  if (fields.length !== 5 && fields.length !== 6) {
    return { message: `A cron expression has 5 fields (minute hour day month weekday) or 6 with seconds first, not ${fields.length}: ${EXAMPLE}`, position: 0 };
  }
  try {
    build(expression, timezone);
  } catch (error) {
    const names = fields.length === 6 ? FIELD_NAMES_6 : FIELD_NAMES_5;
    // Find the first field that fails on its own, in an expression that is otherwise every-second.
    for (const [index, field] of fields.entries()) {
      const probe = fields.map((other, at) => (at === index ? other.text : '*'));
      try {
        build(probe.join(' '));
      } catch {
        return { message: `The ${names[index]} field "${field.text}" at column ${field.column} is not valid: ${EXAMPLE}`, position: field.column };
      }
    }
    return { message: `The cron expression "${expression}" is not valid (${error instanceof Error ? error.message : String(error)})`, position: 0 };
  }
  if (build(expression, timezone).nextRun(new Date()) === null) return { message: `The cron expression "${expression}" never comes due again`, position: 0 };
  return null;
}

/** Slots due in a window: the latest `max` of them, and where the earlier ones (when there were more) start and end. */
export type DueSlots = Readonly<{ slots: ReadonlyArray<Date>; earlier: Readonly<{ from: Date; to: Date }> | null }>;

/** Slot arithmetic over one schedule's cron and time zone (the expression was checked when it was stored). */
export type CronSlots = Readonly<{
  /** The first slot strictly after `after`; null when there is none. */
  nextAfter(after: Date): Date | null;
  /** Slots with `after < dueAt <= until`, oldest first: at most `max` (the latest), the rest summarised. */
  dueBetween(after: Date, until: Date, max: number): DueSlots;
  /** The slot before `before` (strictly), or null. */
  previousBefore(before: Date): Date | null;
}>;

export function createCronSlots(expression: string, timezone: string): CronSlots {
  const cron = build(expression, timezone);
  const previousBefore = (before: Date): Date | null => cron.previousRuns(1, new Date(before.getTime() - 1))[0] ?? null;
  return {
    nextAfter: (after) => cron.nextRun(after),
    previousBefore,
    dueBetween(after, until, max) {
      if (until.getTime() <= after.getTime()) return { slots: [], earlier: null };
      // previousRuns counts a run in the same second before the reference: +1 ms makes `until` itself included.
      const latest = cron
        .previousRuns(max, new Date(until.getTime() + 1))
        .filter((slot) => slot.getTime() > after.getTime() && slot.getTime() <= until.getTime())
        .reverse();
      const oldest = latest[0];
      if (latest.length < max || oldest === undefined) return { slots: latest, earlier: null };
      const first = cron.nextRun(after);
      const before = previousBefore(oldest);
      if (!first || !before || first.getTime() >= oldest.getTime()) return { slots: latest, earlier: null };
      return { slots: latest, earlier: { from: first, to: before } };
    },
  };
}
