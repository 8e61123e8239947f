import { type Schedule, ScheduleRunSettings, type ScheduleSlot, type ScheduleSlotView, type SlotOutcome } from '../../shared/schedules';
import type { Db } from './database';

/** A schedule as stored: the API's record without what is computed at read, plus the engine's bookkeeping. */
export type StoredSchedule = Omit<Schedule, 'nextDueAt' | 'lastRunAt'> &
  Readonly<{
    /** The latest slot time decided; slots after it are still to decide. */
    decidedThrough: string;
    /** When the watchdog last raised its notice (once per stretch without a completed run). */
    watchdogNoticedAt: string | null;
  }>;

export type ScheduleChanges = Partial<
  Pick<
    StoredSchedule,
    | 'enabled'
    | 'name'
    | 'template'
    | 'cron'
    | 'timezone'
    | 'catchUp'
    | 'overlap'
    | 'settings'
    | 'params'
    | 'maxCostUsdPerDay'
    | 'watchdogPeriods'
    | 'decidedThrough'
    | 'watchdogNoticedAt'
  >
>;

/** A slot to record; `manual` for a person's "run now", which does not move `decidedThrough`. */
export type NewSlot = Readonly<{ dueAt: string; manual: boolean; outcome: SlotOutcome; reason: string | null; runId: string | null }>;

type ScheduleRow = {
  id: string;
  name: string;
  template: string;
  params: string;
  settings: string;
  cron: string;
  timezone: string;
  enabled: number;
  catch_up: Schedule['catchUp'];
  overlap: Schedule['overlap'];
  max_cost_usd_per_day: number | null;
  watchdog_periods: number;
  created_at: string;
  decided_through: string;
  watchdog_noticed_at: string | null;
};

type SlotRow = { schedule_id: string; due_at: string; outcome: SlotOutcome; run_id: string | null; reason: string | null; decided_at: string };
type SlotViewRow = SlotRow & { status: string | null; stop_reason: string | null; started_at: string | null; ended_at: string | null; cost_usd: number | null };

const COLUMN_OF: Readonly<Record<keyof ScheduleChanges, string>> = {
  enabled: 'enabled',
  name: 'name',
  template: 'template',
  cron: 'cron',
  timezone: 'timezone',
  catchUp: 'catch_up',
  overlap: 'overlap',
  settings: 'settings',
  params: 'params',
  maxCostUsdPerDay: 'max_cost_usd_per_day',
  watchdogPeriods: 'watchdog_periods',
  decidedThrough: 'decided_through',
  watchdogNoticedAt: 'watchdog_noticed_at',
};

function toSchedule(row: ScheduleRow): StoredSchedule {
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    params: JSON.parse(row.params) as Schedule['params'],
    settings: ScheduleRunSettings.parse(JSON.parse(row.settings)),
    cron: row.cron,
    timezone: row.timezone,
    enabled: row.enabled === 1,
    catchUp: row.catch_up,
    overlap: row.overlap,
    maxCostUsdPerDay: row.max_cost_usd_per_day,
    watchdogPeriods: row.watchdog_periods,
    createdAt: row.created_at,
    decidedThrough: row.decided_through,
    watchdogNoticedAt: row.watchdog_noticed_at,
  };
}

const toSlot = (row: SlotRow): ScheduleSlot => ({
  scheduleId: row.schedule_id,
  dueAt: row.due_at,
  outcome: row.outcome,
  runId: row.run_id,
  reason: row.reason,
  decidedAt: row.decided_at,
});

function toSlotView(row: SlotViewRow): ScheduleSlotView {
  const ended = row.started_at && row.ended_at ? Date.parse(row.ended_at) - Date.parse(row.started_at) : null;
  return { ...toSlot(row), runStatus: row.status, stopReason: row.stop_reason, durationMs: ended, costUsd: row.cost_usd };
}

/** The schedules and their slots (migration 0008). */
export interface SchedulesTable {
  insertSchedule(schedule: StoredSchedule): void;
  getSchedule(id: string): StoredSchedule | null;
  /** By id, else by name. */
  findSchedule(ref: string): StoredSchedule | null;
  listSchedules(): StoredSchedule[];
  updateSchedule(id: string, changes: ScheduleChanges): StoredSchedule;
  deleteSchedule(id: string): void;
  /**
   * Records decided slots and moves `decidedThrough` forward (never back), in one transaction. A slot already recorded is left as it
   * was and not returned: each slot is decided once, so only the returned slots may start runs.
   */
  recordSlots(scheduleId: string, slots: ReadonlyArray<NewSlot>, decidedThrough: string | null, decidedAt: string): ScheduleSlot[];
  updateSlot(slot: Pick<ScheduleSlot, 'scheduleId' | 'dueAt'>, changes: Partial<Pick<ScheduleSlot, 'outcome' | 'runId' | 'reason'>>): void;
  /** Slots newest first, with what their runs did. */
  listSlots(scheduleId: string, limit: number): ScheduleSlotView[];
  /** The slot that waits for the previous run to end (overlap `queue`), if any. */
  waitingSlot(scheduleId: string): ScheduleSlot | null;
  /** Slots claimed `started` whose run was never stored: the engine stopped between the claim and the start. */
  claimsWithoutRun(): ScheduleSlot[];
  lastRunAt(scheduleId: string): string | null;
  lastCompletedAt(scheduleId: string): string | null;
  /** USD spent by the schedule's runs created since `since`. */
  spendSince(scheduleId: string, since: string): number;
}

export function createSchedulesTable(db: Db): SchedulesTable {
  const statements = {
    insert: db.prepare(`INSERT INTO schedules (id, name, template, params, settings, cron, timezone, enabled, catch_up, overlap, max_cost_usd_per_day,
      watchdog_periods, created_at, decided_through, watchdog_noticed_at) VALUES (@id, @name, @template, @params, @settings, @cron, @timezone, @enabled,
      @catch_up, @overlap, @max_cost_usd_per_day, @watchdog_periods, @created_at, @decided_through, @watchdog_noticed_at)`),
    get: db.prepare('SELECT * FROM schedules WHERE id = ?'),
    byName: db.prepare('SELECT * FROM schedules WHERE name = ?'),
    list: db.prepare('SELECT * FROM schedules ORDER BY created_at, id'),
    delete: db.prepare('DELETE FROM schedules WHERE id = ?'),
    insertSlot: db.prepare(`INSERT OR IGNORE INTO schedule_slots (schedule_id, due_at, manual, outcome, run_id, reason, decided_at)
      VALUES (@scheduleId, @dueAt, @manual, @outcome, @runId, @reason, @decidedAt)`),
    advance: db.prepare('UPDATE schedules SET decided_through = max(decided_through, ?) WHERE id = ?'),
    slots: db.prepare(`SELECT s.*, r.status, r.stop_reason, r.started_at, r.ended_at, r.cost_usd FROM schedule_slots s LEFT JOIN runs r ON r.id = s.run_id
      WHERE s.schedule_id = ? ORDER BY s.due_at DESC, s.decided_at DESC LIMIT ?`),
    waiting: db.prepare("SELECT * FROM schedule_slots WHERE schedule_id = ? AND outcome = 'queued' AND run_id IS NULL ORDER BY due_at LIMIT 1"),
    claims: db.prepare("SELECT * FROM schedule_slots WHERE outcome = 'started' AND run_id IS NULL"),
    lastRun: db.prepare('SELECT max(started_at) FROM runs WHERE schedule_id = ?').pluck(),
    lastCompleted: db.prepare("SELECT max(ended_at) FROM runs WHERE schedule_id = ? AND stop_reason = 'completed'").pluck(),
    spend: db.prepare('SELECT coalesce(sum(cost_usd), 0) FROM runs WHERE schedule_id = ? AND created_at >= ?').pluck(),
  };
  const getSchedule = (id: string): StoredSchedule | null => {
    const row = statements.get.get(id) as ScheduleRow | undefined;
    return row ? toSchedule(row) : null;
  };
  const recordSlots = db.transaction((scheduleId: string, slots: ReadonlyArray<NewSlot>, decidedThrough: string | null, decidedAt: string) => {
    const recorded = slots.filter((slot) => statements.insertSlot.run({ ...slot, scheduleId, manual: slot.manual ? 1 : 0, decidedAt }).changes === 1);
    if (decidedThrough !== null) statements.advance.run(decidedThrough, scheduleId);
    return recorded.map((slot) => ({ scheduleId, dueAt: slot.dueAt, outcome: slot.outcome, runId: slot.runId, reason: slot.reason, decidedAt }));
  });

  return {
    insertSchedule(schedule) {
      statements.insert.run({
        id: schedule.id,
        name: schedule.name,
        template: schedule.template,
        params: JSON.stringify(schedule.params),
        settings: JSON.stringify(schedule.settings),
        cron: schedule.cron,
        timezone: schedule.timezone,
        enabled: schedule.enabled ? 1 : 0,
        catch_up: schedule.catchUp,
        overlap: schedule.overlap,
        max_cost_usd_per_day: schedule.maxCostUsdPerDay,
        watchdog_periods: schedule.watchdogPeriods,
        created_at: schedule.createdAt,
        decided_through: schedule.decidedThrough,
        watchdog_noticed_at: schedule.watchdogNoticedAt,
      });
    },
    getSchedule,
    findSchedule(ref) {
      const row = (statements.get.get(ref) ?? statements.byName.get(ref)) as ScheduleRow | undefined;
      return row ? toSchedule(row) : null;
    },
    listSchedules: () => (statements.list.all() as ScheduleRow[]).map(toSchedule),
    updateSchedule(id, changes) {
      const entries = (Object.entries(changes) as Array<[keyof ScheduleChanges, unknown]>).filter(([, value]) => value !== undefined);
      if (entries.length > 0) {
        const assignments = entries.map(([key]) => `${COLUMN_OF[key]} = @${key}`).join(', ');
        const values = Object.fromEntries(
          entries.map(([key, value]) => [
            key,
            typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'object' && value !== null ? JSON.stringify(value) : value,
          ]),
        );
        db.prepare(`UPDATE schedules SET ${assignments} WHERE id = @id`).run({ ...values, id });
      }
      const updated = getSchedule(id);
      if (!updated) throw new Error(`schedule ${id} is not in the database`);
      return updated;
    },
    deleteSchedule: (id) => void statements.delete.run(id),
    recordSlots: (scheduleId, slots, decidedThrough, decidedAt) => recordSlots(scheduleId, slots, decidedThrough, decidedAt),
    updateSlot(slot, changes) {
      const entries = Object.entries(changes);
      if (entries.length === 0) return;
      const column: Record<string, string> = { outcome: 'outcome', runId: 'run_id', reason: 'reason' };
      const assignments = entries.map(([key]) => `${column[key]} = @${key}`).join(', ');
      db.prepare(`UPDATE schedule_slots SET ${assignments} WHERE schedule_id = @scheduleId AND due_at = @dueAt`).run({
        ...changes,
        scheduleId: slot.scheduleId,
        dueAt: slot.dueAt,
      });
    },
    listSlots: (scheduleId, limit) => (statements.slots.all(scheduleId, limit) as SlotViewRow[]).map(toSlotView),
    waitingSlot(scheduleId) {
      const row = statements.waiting.get(scheduleId) as SlotRow | undefined;
      return row ? toSlot(row) : null;
    },
    claimsWithoutRun: () => (statements.claims.all() as SlotRow[]).map(toSlot),
    lastRunAt: (scheduleId) => (statements.lastRun.get(scheduleId) as string | null) ?? null,
    lastCompletedAt: (scheduleId) => (statements.lastCompleted.get(scheduleId) as string | null) ?? null,
    spendSince: (scheduleId, since) => statements.spend.get(scheduleId, since) as number,
  };
}
