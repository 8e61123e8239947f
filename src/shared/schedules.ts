import { z } from 'zod';
import { ContextMode } from './context-mode';
import { ApprovalTimeoutAction, Limits, LoopOverrides, PermissionProfile, PermissionRule } from './run-settings';
import { GitRefName, Isolation } from './worktree';
import { AgentKind } from './agents';
import { McpServerName } from './mcp';
import { NotifierName } from './notifiers';
import { MAX_TIMER_MESSAGE, MAX_TIMER_MS } from './duration';

// Schedules (issue #21): cron-driven runs with every due slot recorded.

/** What happens to slots that came due while the engine was not running or the machine slept. */
export const CatchUp = z.enum(['none', 'latest', 'all']);
export type CatchUp = z.infer<typeof CatchUp>;

/** What a due slot does while the schedule's previous run is still active. */
export const Overlap = z.enum(['skip', 'queue', 'replace']);
export type Overlap = z.infer<typeof Overlap>;

/** How one due slot was decided; each slot is decided once. */
export const SlotOutcome = z.enum(['started', 'skipped_overlap', 'queued', 'missed', 'skipped_disabled', 'blocked']);
export type SlotOutcome = z.infer<typeof SlotOutcome>;

/** The most slots `catchUp: all` starts after downtime; older ones are recorded `missed`. */
export const CATCH_UP_ALL_MAX = 10;
/** Watchdog default: a notice when no run of the schedule completed in this many periods. */
export const DEFAULT_WATCHDOG_PERIODS = 3;

/**
 * The run settings a schedule pins for every run it starts (the `autoloop run` flags that set a run setting). The profile and the
 * approval-timeout outcome are pinned at creation: an unattended run must never wait for an answer nobody gives.
 */
export const ScheduleRunSettings = z
  .object({
    model: z.string().min(1).optional(),
    workdir: z.string().min(1).optional(),
    limits: Limits.optional(),
    loop: LoopOverrides.optional(),
    profile: PermissionProfile,
    rules: z.array(PermissionRule).optional(),
    approvalTimeoutMs: z.number().int().positive().max(MAX_TIMER_MS, MAX_TIMER_MESSAGE).optional(),
    onApprovalTimeout: ApprovalTimeoutAction.nullable(),
    isolation: Isolation.optional(),
    context: ContextMode.optional(),
    network: z.array(z.string()).optional(),
    env: z.array(z.string()).optional(),
    verify: z.array(z.string()).optional(),
    /** `--mcp`, `--notify`, `--agent`, `--base`, `--with-uncommitted`: pinned like the rest (each run gets them). */
    mcp: z.array(McpServerName).max(20).optional(),
    notify: z.array(NotifierName).max(20).optional(),
    agent: AgentKind.optional(),
    base: GitRefName.optional(),
    withUncommitted: z.boolean().optional(),
  })
  .strict();
export type ScheduleRunSettings = z.infer<typeof ScheduleRunSettings>;

/** Spend of a schedule's runs over the last 1, 7 and 30 days (USD; unpriced runs count 0). */
export const ScheduleSpend = z.object({ day: z.number(), week: z.number(), month: z.number() });
export type ScheduleSpend = z.infer<typeof ScheduleSpend>;

/** A schedule as the API, the UI and `--json` output see it. */
export const Schedule = z.object({
  id: z.string(),
  name: z.string(),
  template: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  settings: ScheduleRunSettings,
  cron: z.string(),
  timezone: z.string(),
  enabled: z.boolean(),
  catchUp: CatchUp,
  overlap: Overlap,
  /** Rolling 24 h budget over the schedule's runs; a slot over it is `blocked` with reason "budget". */
  maxCostUsdPerDay: z.number().min(0).nullable(),
  /** The watchdog's N: a notice when no run completed in this many periods. */
  watchdogPeriods: z.number().int().min(1),
  createdAt: z.string(),
  /** The next slot the engine will decide; null for a paused schedule or a cron with no future slot. */
  nextDueAt: z.string().nullable(),
  /** When a run of the schedule last really started (a queued one has not). */
  lastRunAt: z.string().nullable(),
});
export type Schedule = z.infer<typeof Schedule>;

/** One due slot and how it was decided. */
export const ScheduleSlot = z.object({
  scheduleId: z.string(),
  dueAt: z.string(),
  outcome: SlotOutcome,
  runId: z.string().nullable(),
  reason: z.string().nullable(),
  decidedAt: z.string(),
});
export type ScheduleSlot = z.infer<typeof ScheduleSlot>;

/** A slot with what its run did, for the schedule's history (newest first). */
export const ScheduleSlotView = ScheduleSlot.extend({
  runStatus: z.string().nullable(),
  stopReason: z.string().nullable(),
  durationMs: z.number().nullable(),
  costUsd: z.number().nullable(),
});
export type ScheduleSlotView = z.infer<typeof ScheduleSlotView>;

/** How a schedule is doing: the watchdog and its spend. */
export const ScheduleHealth = z.object({
  lastCompletedAt: z.string().nullable(),
  /** Periods (due slots) since the last completed run, or since creation. */
  periodsWithoutCompletion: z.number().int().min(0),
  overdue: z.boolean(),
  spend: ScheduleSpend,
});
export type ScheduleHealth = z.infer<typeof ScheduleHealth>;

/** `schedules.get`: the schedule, its health and its last slots. */
export const ScheduleDetail = z.object({ schedule: Schedule, health: ScheduleHealth, slots: z.array(ScheduleSlotView) });
export type ScheduleDetail = z.infer<typeof ScheduleDetail>;

/** A schedule in the list: with its health, so the list shows the watchdog and the spend without one call per schedule. */
export const ScheduleListItem = Schedule.extend({ health: ScheduleHealth });
export type ScheduleListItem = z.infer<typeof ScheduleListItem>;

/** What a schedule's notice is about, so the shell can notify and badge it: the watchdog, or its budget blocking slots. */
export const ScheduleProblem = z.enum(['watchdog', 'budget']);
export type ScheduleProblem = z.infer<typeof ScheduleProblem>;
