import type { Migration } from './migration';

/**
 * Schedules (issue #21): cron-driven runs. Every due slot is a row, keyed by its schedule and due time, written before its run
 * starts: the key makes each slot decided once, whatever restarts or clock jumps happen. `decided_through` is the last slot time
 * decided (a person's "run now" slots are `manual` and do not move it). Runs and approvals name their schedule.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'schedules',
  sql: `
    CREATE TABLE IF NOT EXISTS schedules (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      template TEXT NOT NULL,
      params TEXT NOT NULL,
      settings TEXT NOT NULL,
      cron TEXT NOT NULL,
      timezone TEXT NOT NULL,
      enabled INTEGER NOT NULL,
      catch_up TEXT NOT NULL,
      overlap TEXT NOT NULL,
      max_cost_usd_per_day REAL,
      watchdog_periods INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      decided_through TEXT NOT NULL,
      watchdog_noticed_at TEXT
    );
    CREATE TABLE IF NOT EXISTS schedule_slots (
      schedule_id TEXT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
      due_at TEXT NOT NULL,
      manual INTEGER NOT NULL DEFAULT 0,
      outcome TEXT NOT NULL,
      run_id TEXT,
      reason TEXT,
      decided_at TEXT NOT NULL,
      PRIMARY KEY (schedule_id, due_at, manual)
    );
    ALTER TABLE runs ADD COLUMN schedule_id TEXT;
    CREATE INDEX IF NOT EXISTS runs_schedule ON runs (schedule_id) WHERE schedule_id IS NOT NULL;
    ALTER TABLE approvals ADD COLUMN schedule_name TEXT;
  `,
};
