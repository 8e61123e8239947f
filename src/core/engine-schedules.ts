import type { Run, RunStatus } from '../shared/records';
import type { RunStarter } from './api/run-start';
import type { EventBus } from './events/event-bus';
import type { Logger } from './logger';
import { createRunQueue, type RunQueue } from './run-queue/run-queue';
import { type ScheduleEngine, createScheduleEngine } from './schedules/schedule-engine';
import type { Db } from './store/database';
import type { RunChanges, RunsRepository } from './store/runs-repository';
import { type SchedulesTable, createSchedulesTable } from './store/schedules-table';
import type { SettingsRepository } from './store/settings-repository';
import type { Supervisor } from './supervisor/run-supervisor';

// The concurrency queue and the schedules, wired for createEngine.

/** A schedule's run "is still active" for the overlap rule while it holds a place or waits in the concurrency queue. */
const SCHEDULE_BUSY: ReadonlyArray<RunStatus> = ['queued', 'starting', 'running', 'waiting_approval', 'stopping'];

export type EngineSchedules = Readonly<{
  queue: RunQueue;
  table: SchedulesTable;
  /** Builds the schedule engine once `runs.start` exists (the API service makes it). */
  attach(startRun: RunStarter): ScheduleEngine;
  /** Starts the queue and the schedules' timer (engines that run schedules: `serve` and the desktop app). */
  start(): void;
  /** Waits for slot starts in flight and stops the timer. */
  stop(): Promise<void>;
}>;

export type EngineSchedulesDeps = Readonly<{
  db: Db;
  runs: RunsRepository;
  bus: EventBus;
  settings: SettingsRepository;
  supervisor: Supervisor;
  log: Logger;
  update(runId: string, changes: RunChanges): Run;
  /** False for an engine that only answers one CLI command, or a read-only one: nothing starts by itself there. */
  runsSchedules: boolean;
  wakeLatenessMs?: number;
}>;

export function wireEngineSchedules(deps: EngineSchedulesDeps): EngineSchedules {
  const { runs, bus, log } = deps;
  const now = (): Date => new Date();
  const table = announcingChanges(createSchedulesTable(deps.db), (scheduleId) => bus.publish({ type: 'schedule.changed', scheduleId }));
  const queue = createRunQueue({
    runs,
    bus,
    log,
    now,
    caps: () => deps.settings.get().concurrency,
    update: deps.update,
    launchFresh: (runId) => deps.supervisor.launch(runId, 'fresh'),
  });
  let engine: ScheduleEngine | null = null;
  let started = false;
  return {
    queue,
    table,
    attach(startRun) {
      engine = createScheduleEngine({
        schedules: table,
        bus,
        log,
        now,
        startRun,
        activeRunsOf: (scheduleId) =>
          runs
            .listRunsWithStatus(SCHEDULE_BUSY)
            .map((row) => row.run)
            .filter((run) => run.scheduleId === scheduleId),
        stopRun: (runId, reason) => deps.supervisor.stop(runId, reason),
        notice: (level, message, about) => bus.publish({ type: 'notice', level, message, ...(about ? { schedule: about } : {}) }),
        spentToday: (scheduleId) => table.spendSince(scheduleId, new Date(now().getTime() - 86_400_000).toISOString()),
        active: () => started,
        ...(deps.wakeLatenessMs === undefined ? {} : { wakeLatenessMs: deps.wakeLatenessMs }),
      });
      return engine;
    },
    start() {
      if (!deps.runsSchedules) return;
      started = true;
      queue.drain();
      engine?.start();
    },
    async stop() {
      started = false;
      queue.dispose();
      engine?.stop();
      await engine?.idle();
    },
  };
}

/**
 * The table, publishing `schedule.changed` after every write, so an open Schedules page learns of a slot decided by the engine's
 * clock (a skipped or missed slot starts no run, so no run event would tell it).
 */
export function announcingChanges(table: SchedulesTable, changed: (scheduleId: string) => void): SchedulesTable {
  return {
    ...table,
    insertSchedule(schedule) {
      table.insertSchedule(schedule);
      changed(schedule.id);
    },
    updateSchedule(id, changes) {
      const updated = table.updateSchedule(id, changes);
      changed(id);
      return updated;
    },
    deleteSchedule(id) {
      table.deleteSchedule(id);
      changed(id);
    },
    recordSlots(scheduleId, slots, decidedThrough, decidedAt) {
      const recorded = table.recordSlots(scheduleId, slots, decidedThrough, decidedAt);
      changed(scheduleId);
      return recorded;
    },
    updateSlot(slot, changes) {
      table.updateSlot(slot, changes);
      changed(slot.scheduleId);
    },
  };
}
