import type { Run } from '../../shared/records';
import type { Schedule, ScheduleSlot } from '../../shared/schedules';
import type { EventBus } from '../events/event-bus';
import type { NewSlot, SchedulesTable, StoredSchedule } from '../store/schedules-table';
import { createCronSlots } from './cron-expression';
import { type SlotDecision, decideSlots } from './decide-slots';
import { decideWatchdog } from './decide-watchdog';
import { type ScheduledRunDeps, startSlotRun } from './scheduled-run-starter';

/** The most slots one decision lists one by one; older ones in the same window are one summary row. */
export const MAX_SLOTS_LISTED = 100;
/** The timer is re-armed at least this often, so a clock set back or forward is noticed without polling every second. */
export const MAX_TIMER_DELAY_MS = 3_600_000;
/** The shortest wait between two decisions, so a decision that keeps failing is retried, not spun on. */
const MIN_RETRY_MS = 250;

/** The engine's side of schedules: one timer to the next due slot, every slot decided once and recorded before its run starts. */
export interface ScheduleEngine {
  /** Decides what came due (catch-up after downtime), then arms the timer. */
  start(): void;
  /** Decides what is due now and re-arms (after a schedule was created, changed, paused or resumed). */
  wake(): void;
  /** A person's "run now": a manual slot, started whatever the overlap rule. */
  runNow(schedule: StoredSchedule): Promise<ScheduleSlot>;
  /** Records the slots that came due while the schedule was paused as `skipped_disabled` (before it is resumed). */
  closePausedGap(schedule: StoredSchedule): void;
  /** The API's view: with the next due slot and the last real start. */
  view(schedule: StoredSchedule): Schedule;
  /** Settles once the decisions in flight (runs being started) are done; tests and shutdown wait for it. */
  idle(): Promise<void>;
  stop(): void;
}

export type ScheduleEngineDeps = ScheduledRunDeps &
  Readonly<{
    schedules: SchedulesTable;
    bus: EventBus;
    now(): Date;
    /** USD the schedule's runs spent in the last 24 h, for `maxCostUsdPerDay`. */
    spentToday(scheduleId: string): number;
    /** Whether this engine runs schedules now (not one answering a single CLI command, not after shutdown began). */
    active(): boolean;
    /** Tests shorten the lateness that makes a slot a catch-up. */
    wakeLatenessMs?: number;
  }>;

/** Turns a decision into the slot row that records it (before any run starts). */
function slotOf(decision: SlotDecision): NewSlot {
  const dueAt = decision.dueAt.toISOString();
  switch (decision.action) {
    case 'start':
      return { dueAt, manual: false, outcome: 'started', reason: decision.reason, runId: null };
    case 'queue':
      return { dueAt, manual: false, outcome: 'queued', reason: decision.reason, runId: null };
    case 'skipped_overlap':
    case 'missed':
    case 'skipped_disabled':
      return { dueAt, manual: false, outcome: decision.action, reason: decision.reason, runId: null };
  }
}

export function createScheduleEngine(deps: ScheduleEngineDeps): ScheduleEngine {
  const { schedules, now } = deps;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  // Starts in flight per schedule: their runs are not stored yet but already count as the schedule's active run.
  const starting = new Map<string, number>();
  const launchSlot = (schedule: StoredSchedule, slot: ScheduleSlot, replace: boolean): Promise<Run | null> => {
    starting.set(schedule.id, (starting.get(schedule.id) ?? 0) + 1);
    const work = startSlotRun(deps, schedule, slot, replace).finally(() => {
      inFlight.delete(work);
      starting.set(schedule.id, (starting.get(schedule.id) ?? 1) - 1);
      // A slot that came due meanwhile waited for this start's outcome: decide it now.
      if (!stopped && deps.active()) arm();
    });
    inFlight.add(work);
    return work;
  };
  const isBusy = (scheduleId: string): boolean => (starting.get(scheduleId) ?? 0) > 0 || deps.activeRunsOf(scheduleId).length > 0;

  function nextDueOf(schedule: StoredSchedule): Date | null {
    if (!schedule.enabled) return null;
    try {
      return createCronSlots(schedule.cron, schedule.timezone).nextAfter(new Date(schedule.decidedThrough));
    } catch (error) {
      // Checked when stored; a cron this runtime refuses (another time zone database) must not stop the other schedules.
      deps.log.error(`schedule ${schedule.id}: its cron "${schedule.cron}" (${schedule.timezone}) cannot be read`, error);
      return null;
    }
  }

  function overBudget(schedule: StoredSchedule): string | null {
    if (schedule.maxCostUsdPerDay === null) return null;
    const spent = deps.spentToday(schedule.id);
    return spent >= schedule.maxCostUsdPerDay ? `budget: $${spent.toFixed(2)} of $${schedule.maxCostUsdPerDay.toFixed(2)} spent in the last 24 h` : null;
  }

  /** `atStart`: the engine was not running, so every slot due now came due while it was away and follows catch-up. */
  function decide(schedule: StoredSchedule, at: Date, atStart = false): void {
    const slots = createCronSlots(schedule.cron, schedule.timezone);
    const due = slots.dueBetween(new Date(schedule.decidedThrough), at, MAX_SLOTS_LISTED);
    if (due.slots.length === 0 && !due.earlier) return;
    const decisions = decideSlots({
      now: at,
      enabled: schedule.enabled,
      catchUp: schedule.catchUp,
      overlap: schedule.overlap,
      due,
      previousActive: isBusy(schedule.id),
      slotWaiting: schedules.waitingSlot(schedule.id) !== null,
      ...(atStart ? { wakeLatenessMs: 0 } : deps.wakeLatenessMs === undefined ? {} : { wakeLatenessMs: deps.wakeLatenessMs }),
    });
    const budget = overBudget(schedule);
    const rows = decisions.map((decision) => {
      const row = slotOf(decision);
      return budget && (row.outcome === 'started' || row.outcome === 'queued') ? { ...row, outcome: 'blocked' as const, reason: budget } : row;
    });
    const last = due.slots.at(-1) ?? due.earlier?.to;
    // Recorded before any run starts: a slot already in the table (decided by an earlier engine) is not returned, so never started twice.
    const recorded = schedules.recordSlots(schedule.id, rows, last ? last.toISOString() : null, now().toISOString());
    if (budget && recorded.some((slot) => slot.outcome === 'blocked'))
      deps.notice('warning', `Schedule "${schedule.name}": slots blocked by its ${budget}`, { id: schedule.id, name: schedule.name, problem: 'budget' });
    for (const slot of recorded) {
      if (slot.outcome !== 'started') continue;
      const decision = decisions.find((candidate) => candidate.dueAt.toISOString() === slot.dueAt);
      const replace = decision?.action === 'start' && decision.replacePrevious;
      void launchSlot(schedule, slot, replace);
    }
    watch(schedule, at);
  }

  function watch(schedule: StoredSchedule, at: Date): void {
    const watchdog = decideWatchdog(createCronSlots(schedule.cron, schedule.timezone), {
      now: at,
      createdAt: schedule.createdAt,
      lastCompletedAt: schedules.lastCompletedAt(schedule.id),
      watchdogPeriods: schedule.watchdogPeriods,
      noticedAt: schedule.watchdogNoticedAt,
    });
    if (!watchdog.raiseNotice) return;
    schedules.updateSchedule(schedule.id, { watchdogNoticedAt: at.toISOString() });
    deps.notice('warning', `Schedule "${schedule.name}": no run completed in the last ${schedule.watchdogPeriods} periods; open its history to see why`, {
      id: schedule.id,
      name: schedule.name,
      problem: 'watchdog',
    });
  }

  function decideAll(atStart = false): void {
    if (!deps.active()) return;
    const at = now();
    for (const schedule of schedules.listSchedules()) {
      // A paused schedule's gap is recorded when it resumes; nothing of it is due meanwhile.
      if (!schedule.enabled) continue;
      // A start of this schedule still in flight may yet be refused (`blocked`): its outcome decides whether a slot due now
      // overlaps a run, so that slot is decided once the start settles (which re-arms the timer).
      if ((starting.get(schedule.id) ?? 0) > 0) continue;
      try {
        decide(schedule, at, atStart);
      } catch (error) {
        deps.log.error(`schedule ${schedule.id}: deciding its slots failed`, error);
      }
    }
    arm();
  }

  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped) return;
    const next = schedules
      .listSchedules()
      .map(nextDueOf)
      .filter((date): date is Date => date !== null)
      .reduce<Date | null>((earliest, date) => (earliest === null || date < earliest ? date : earliest), null);
    if (next === null) return;
    // A slot still due right after deciding means its decision failed: wait MIN_RETRY_MS instead of spinning.
    const delay = Math.min(Math.max(MIN_RETRY_MS, next.getTime() - now().getTime()), MAX_TIMER_DELAY_MS);
    timer = setTimeout(() => decideAll(), delay);
    timer.unref();
  }

  /** A slot waiting (overlap `queue`) when its schedule was paused: a paused schedule starts nothing, so it is not started later. */
  function dropWaitingSlot(waiting: ScheduleSlot): void {
    schedules.updateSlot(waiting, {
      outcome: 'skipped_disabled',
      reason: 'the schedule was paused while this slot waited for the previous run (overlap: queue)',
    });
  }

  /** A run of a schedule let go of its place: the slot waiting for it (overlap `queue`) starts now. */
  function startWaitingSlot(run: Run): void {
    if (!run.scheduleId || (run.status !== 'ended' && run.status !== 'paused')) return;
    const schedule = schedules.getSchedule(run.scheduleId);
    const waiting = schedule ? schedules.waitingSlot(schedule.id) : null;
    if (!schedule || !waiting || isBusy(schedule.id)) return;
    if (!schedule.enabled) {
      dropWaitingSlot(waiting);
      return;
    }
    const reason = `started when the previous run ${run.id} ${run.status === 'ended' ? 'ended' : 'paused'} (overlap: queue)`;
    schedules.updateSlot(waiting, { reason });
    void launchSlot(schedule, { ...waiting, reason }, false);
  }

  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type !== 'run.updated' || !event.run.scheduleId) return;
    setImmediate(() => {
      if (stopped) return;
      try {
        startWaitingSlot(event.run);
      } catch (error) {
        deps.log.error(`schedule ${event.run.scheduleId ?? ''}: starting its waiting slot failed`, error);
      }
    });
  });

  return {
    start() {
      // A claim without a run: the engine stopped between recording the slot and starting its run. It is never started late.
      for (const claim of schedules.claimsWithoutRun()) {
        schedules.updateSlot(claim, { outcome: 'blocked', reason: 'Autoloop stopped between deciding this slot and starting its run' });
      }
      // Slots due now came due while the engine was not running: all of them follow catch-up (not only those a minute late).
      decideAll(true);
      for (const schedule of schedules.listSchedules()) {
        const waiting = schedules.waitingSlot(schedule.id);
        if (!waiting || isBusy(schedule.id)) continue;
        if (schedule.enabled) void launchSlot(schedule, waiting, false);
        else dropWaitingSlot(waiting);
      }
    },
    wake: () => decideAll(),
    async runNow(schedule) {
      const dueAt = now().toISOString();
      const [slot] = schedules.recordSlots(
        schedule.id,
        [{ dueAt, manual: true, outcome: 'started', reason: 'run now, by a person', runId: null }],
        null,
        dueAt,
      );
      if (!slot) throw new Error(`schedule ${schedule.id}: a slot at ${dueAt} was recorded already`);
      await launchSlot(schedule, slot, false);
      return schedules.listSlots(schedule.id, 50).find((view) => view.dueAt === dueAt) ?? slot;
    },
    closePausedGap(schedule) {
      decide({ ...schedule, enabled: false }, now());
    },
    view(schedule) {
      const { decidedThrough: _decided, watchdogNoticedAt: _noticed, ...shown } = schedule;
      return { ...shown, nextDueAt: nextDueOf(schedule)?.toISOString() ?? null, lastRunAt: schedules.lastRunAt(schedule.id) };
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
    },
  };
}
