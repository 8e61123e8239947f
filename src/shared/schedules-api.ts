import { z } from 'zod';
import { Run, RunId } from './records';
import { CatchUp, DEFAULT_WATCHDOG_PERIODS, Overlap, Schedule, ScheduleDetail, ScheduleListItem, ScheduleRunSettings, ScheduleSlotView } from './schedules';

/** A schedule by id or by name. */
const ScheduleRef = z.string().min(1).max(200);
const ById = z.object({ id: ScheduleRef }).strict();
const ScheduleName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^\s/@][^/@]*$/, 'a schedule name may not start with a space or contain / or @');

/** The run settings as a caller gives them: the profile defaults to the settings' default and is then pinned. */
export const ScheduleSettingsInput = ScheduleRunSettings.extend({
  profile: ScheduleRunSettings.shape.profile.optional(),
  onApprovalTimeout: ScheduleRunSettings.shape.onApprovalTimeout.optional(),
});
export type ScheduleSettingsInput = z.input<typeof ScheduleSettingsInput>;

/** A schedule's template parameters. */
const ScheduleParamValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const CreateScheduleParams = z
  .object({
    template: z.string().min(1),
    name: ScheduleName.optional(),
    params: ScheduleParamValues.default({}),
    settings: ScheduleSettingsInput.prefault({}),
    cron: z.string().trim().min(1).max(200),
    /** IANA time zone; the engine's own when left out. */
    timezone: z.string().min(1).max(100).optional(),
    catchUp: CatchUp.default('latest'),
    overlap: Overlap.default('skip'),
    enabled: z.boolean().default(true),
    maxCostUsdPerDay: z.number().positive().nullable().default(null),
    watchdogPeriods: z.number().int().min(1).max(1_000).default(DEFAULT_WATCHDOG_PERIODS),
  })
  .strict();
export type CreateScheduleParams = z.input<typeof CreateScheduleParams>;

export const UpdateScheduleParams = z
  .object({
    id: ScheduleRef,
    /** A new name (unique); the runs it started keep theirs. */
    name: ScheduleName.optional(),
    /** Another template: the params and settings are checked against it, as at create. */
    template: CreateScheduleParams.shape.template.optional(),
    // Not the create schema's (its default of {} would fill in a left-out `params` and wipe the schedule's own).
    params: ScheduleParamValues.optional(),
    settings: ScheduleSettingsInput.optional(),
    cron: CreateScheduleParams.shape.cron.optional(),
    timezone: z.string().min(1).max(100).optional(),
    catchUp: CatchUp.optional(),
    overlap: Overlap.optional(),
    maxCostUsdPerDay: z.number().positive().nullable().optional(),
    watchdogPeriods: z.number().int().min(1).max(1_000).optional(),
  })
  .strict();
export type UpdateScheduleParams = z.input<typeof UpdateScheduleParams>;

/** The `schedules.*` methods, and the concurrency queue's `runs.startNow` / `runs.dequeue`; spread into `apiMethods`. */
export const scheduleMethods = {
  /** Every schedule with its health (watchdog, spend over 1/7/30 days). */
  'schedules.list': { params: z.object({}).strict().default({}), result: z.array(ScheduleListItem) },
  /** The schedule, its health (watchdog, spend over 1/7/30 days) and its last `slots` slots, newest first. */
  'schedules.get': { params: z.object({ id: ScheduleRef, slots: z.number().int().min(0).max(1_000).default(50) }).strict(), result: ScheduleDetail },
  /**
   * Creates a schedule; refused (`invalid_input`, with the column) for a bad cron or time zone, and when its runs could ask for approval
   * with no approval-timeout outcome pinned: unattended runs must never wait for an answer nobody gives.
   */
  'schedules.create': { params: CreateScheduleParams, result: Schedule },
  'schedules.update': { params: UpdateScheduleParams, result: Schedule },
  /** Removes the schedule and its slot history; its runs stay. */
  'schedules.remove': { params: ById, result: z.object({ id: z.string() }) },
  /** Its slots are recorded `skipped_disabled` until it is resumed. */
  'schedules.pause': { params: ById, result: Schedule },
  'schedules.resume': { params: ById, result: Schedule },
  /** Pauses every enabled schedule (the tray's "Pause all schedules"); answers the schedules it paused. */
  'schedules.pauseAll': { params: z.object({}).strict().default({}), result: z.array(Schedule) },
  /** Resumes every paused schedule; answers the schedules it resumed. */
  'schedules.resumeAll': { params: z.object({}).strict().default({}), result: z.array(Schedule) },
  /** Starts a run now, recorded as a manual slot (no overlap rule: a person asked). */
  'schedules.runNow': { params: ById, result: z.object({ schedule: Schedule, slot: ScheduleSlotView }) },
  'schedules.slots': {
    params: z.object({ id: ScheduleRef, limit: z.number().int().min(1).max(1_000).default(50) }).strict(),
    result: z.array(ScheduleSlotView),
  },
  /** "Run anyway": a queued run starts now, over the concurrency cap. */
  'runs.startNow': { params: z.object({ id: RunId }).strict(), result: Run },
  /** Takes a queued run out of the queue: it ends (`user_stop`) without having started. */
  'runs.dequeue': { params: z.object({ id: RunId }).strict(), result: Run },
} as const;
