import { MAX_TIMER_MESSAGE, MAX_TIMER_MS } from './duration';
import { z } from 'zod';
import { assertNever } from './assert';
import { NetworkHost, SandboxKind } from './sandbox';

/** A run's id: a short random string, stable for the life of the run (resumes keep it). */
/** A run id: it names folders (the run's output) and files, so only letters, digits, `_` and `-`. */
export const RunId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a run id is 1–64 letters, digits, _ or -');
export type RunId = z.infer<typeof RunId>;

/** Where a run is in its life (DESIGN §4). */
export const RunStatus = z.enum(['starting', 'running', 'waiting_approval', 'paused', 'stopping', 'ended']);
export type RunStatus = z.infer<typeof RunStatus>;

/** Why a run ended (DESIGN §4): typed, stored and shown. */
export const StopReason = z.enum([
  'completed',
  'user_stop',
  'stagnation',
  'failure_limit',
  'iteration_limit',
  'time_limit',
  'permission_denied',
  'approval_timeout',
  'crash',
  'protocol_error',
  'spawn_failed',
]);
export type StopReason = z.infer<typeof StopReason>;

/** Why a run is paused (DESIGN §4). */
/** `imported`: a bundle's run waits for the person to confirm its profile, rules, working folder and model. */
export const PauseReason = z.enum(['user', 'budget', 'approval_timeout', 'shutdown', 'interrupted', 'disk_full', 'imported']);
export type PauseReason = z.infer<typeof PauseReason>;

const limit = z.number().int().min(0);
/** A wait the engine or runner sets a timer for: at most 24 days. */
const timerMs = z.number().int().min(0).max(MAX_TIMER_MS, MAX_TIMER_MESSAGE);

/** Per-run limits (DESIGN §8). Absent or 0 means unlimited. */
export const Limits = z
  .object({
    maxIterations: limit.optional(),
    maxDurationMs: limit.optional(),
    maxTokens: limit.optional(),
    maxCostUsd: z.number().min(0).optional(),
  })
  .strict();

/** A limit's value when it limits anything: absent and 0 both mean unlimited. */
export function activeLimit(value: number | null | undefined): number | null {
  return value === undefined || value === null || value <= 0 ? null : value;
}
export type Limits = z.infer<typeof Limits>;

/** The loop's rules (DESIGN §6), all on by default and configurable per run. */
export const LoopOptions = z
  .object({
    intervalMs: timerMs,
    /** Identical normalised summaries in a row that stop the run; 0 or 1 disables. */
    stagnationLimit: z.number().int().min(0),
    /** Consecutive failures with the same signature that stop the run. */
    sameFailureLimit: z.number().int().min(1),
    /** Consecutive failures of any kind that stop the run. */
    anyFailureLimit: z.number().int().min(1),
    maxStepsPerIteration: z.number().int().min(1),
    /** Extra wait after an iteration that threw. */
    errorPauseMs: timerMs,
    /** The same tool call (tool and input) this many times in a row ends the turn. */
    repeatedToolCallLimit: z.number().int().min(2),
    /** Restart the runner after a crash, resuming from the checkpoint (DESIGN §4). */
    restartPolicy: z.enum(['none', 'on-crash']),
    maxRestarts: z.number().int().min(0),
  })
  .strict();
export type LoopOptions = z.infer<typeof LoopOptions>;

/** Some of the loop's rules, to lay over the defaults. */
export const LoopOverrides = LoopOptions.partial();
export type LoopOverrides = z.infer<typeof LoopOverrides>;

export const DEFAULT_LOOP_OPTIONS: LoopOptions = {
  intervalMs: 0,
  stagnationLimit: 3,
  sameFailureLimit: 3,
  anyFailureLimit: 4,
  maxStepsPerIteration: 40,
  errorPauseMs: 10_000,
  repeatedToolCallLimit: 3,
  restartPolicy: 'none',
  maxRestarts: 3,
};

/** How much a run may do without asking (DESIGN §7). */
export const PermissionProfile = z.enum(['read-only', 'ask', 'workspace-write', 'trusted']);
export type PermissionProfile = z.infer<typeof PermissionProfile>;

export const PermissionRule = z
  .object({ tool: z.string().min(1), pattern: z.string().default('*'), action: z.enum(['allow', 'ask', 'deny']) })
  .strict();
export type PermissionRule = z.infer<typeof PermissionRule>;

export const ApprovalTimeoutAction = z.enum(['deny', 'pause', 'stop']);
export type ApprovalTimeoutAction = z.infer<typeof ApprovalTimeoutAction>;

export const Permissions = z
  .object({
    profile: PermissionProfile,
    /** Ordered: the first rule whose tool and pattern match decides. */
    rules: z.array(PermissionRule),
    /** What a denial does: tell the model and go on (default), or end the run as `permission_denied`. */
    onDeny: z.enum(['continue', 'stop']).optional(),
    /** How long a request waits for a person (default 15 min), and what happens then (default pause). */
    approvalTimeoutMs: timerMs.positive().optional(),
    onApprovalTimeout: ApprovalTimeoutAction.optional(),
  })
  .strict();
export type Permissions = z.infer<typeof Permissions>;

/** Some of a permission set, to lay over the defaults. */
export const PermissionOverrides = Permissions.partial();
export type PermissionOverrides = z.infer<typeof PermissionOverrides>;

export const DEFAULT_PERMISSIONS: Permissions = { profile: 'ask', rules: [] };
export const DEFAULT_APPROVAL_TIMEOUT_MS = 15 * 60_000;

export const ApprovalStatus = z.enum(['pending', 'allowed', 'denied', 'timed_out', 'cancelled']);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

/** A tool call that policy said must be asked, and how it was answered (DESIGN §7). */
export const Approval = z.object({
  id: z.string(),
  runId: RunId,
  iteration: z.number().int().min(0),
  tool: z.string(),
  input: z.unknown(),
  summary: z.string(),
  risk: z.enum(['low', 'medium', 'high']),
  status: ApprovalStatus,
  scope: z.enum(['once', 'run']).nullable(),
  reason: z.string().nullable(),
  /** Who or what answered: a person, the run's policy, the timeout, or the engine (cancellation). */
  decidedBy: z.enum(['user', 'policy', 'timeout', 'system']).nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type Approval = z.infer<typeof Approval>;

const isoTime = z.string();

/** A run as the API, the UI, `--json` output and bundles see it (DESIGN §5). */
export const Run = z.object({
  id: RunId,
  name: z.string(),
  template: z.string(),
  templateRevision: z.string(),
  status: RunStatus,
  stopReason: StopReason.nullable(),
  pauseReason: PauseReason.nullable(),
  detail: z.string().nullable(),
  iterations: z.number().int().min(0),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costUsd: z.number().min(0).nullable(),
  limits: Limits,
  permissions: Permissions,
  model: z.string(),
  workdir: z.string(),
  /** The OS sandbox its processes run in (`none`: a trusted run, with the person's full access). Older records: `none`. */
  sandbox: SandboxKind.default('none'),
  /** Hosts its processes may reach through the filtering proxy (a trusted run reaches every host). */
  network: z.array(NetworkHost).default([]),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
});
export type Run = z.infer<typeof Run>;

export const IterationStatus = z.enum(['running', 'ok', 'error', 'denied', 'interrupted']);
export type IterationStatus = z.infer<typeof IterationStatus>;

/** One iteration of a run (DESIGN §5). */
export const Iteration = z.object({
  runId: RunId,
  n: z.number().int().positive(),
  status: IterationStatus,
  summary: z.string(),
  durationMs: z.number().min(0).nullable(),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costUsd: z.number().min(0).nullable(),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
});
export type Iteration = z.infer<typeof Iteration>;

export const EventKind = z.enum(['text', 'reasoning', 'tool_call', 'tool_result', 'notice', 'error']);
export type EventKind = z.infer<typeof EventKind>;

/** One line of a run's live log, numbered per run from 1. */
export const RunEvent = z.object({
  runId: RunId,
  seq: z.number().int().positive(),
  iteration: z.number().int().min(0),
  kind: EventKind,
  data: z.record(z.string(), z.unknown()),
  at: isoTime,
});
export type RunEvent = z.infer<typeof RunEvent>;

/** A run that has a live process or is about to get one. */
export function isActive(status: RunStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'waiting_approval' || status === 'stopping';
}

/** A run's status in words for people (`waiting_approval` is "Waiting for approval"); the identifier stays the API's. */
export function describeRunStatus(status: RunStatus): string {
  switch (status) {
    case 'starting':
      return 'Starting';
    case 'running':
      return 'Running';
    case 'waiting_approval':
      return 'Waiting for approval';
    case 'paused':
      return 'Paused';
    case 'stopping':
      return 'Stopping';
    case 'ended':
      return 'Ended';
    default:
      return assertNever(status, 'RunStatus');
  }
}

/** An iteration's status in words for people. */
export function describeIterationStatus(status: IterationStatus): string {
  switch (status) {
    case 'running':
      return 'Running';
    case 'ok':
      return 'OK';
    case 'error':
      return 'Error';
    case 'denied':
      return 'Denied';
    case 'interrupted':
      return 'Interrupted';
    default:
      return assertNever(status, 'IterationStatus');
  }
}

/** The stop reason in words, for the UI, notifications and the CLI. */
export function describeStopReason(reason: StopReason): string {
  switch (reason) {
    case 'completed':
      return 'Completed: the agent called complete';
    case 'user_stop':
      return 'Stopped by you';
    case 'stagnation':
      return 'Stopped: the same summary several times in a row';
    case 'failure_limit':
      return 'Stopped: too many failed iterations in a row';
    case 'iteration_limit':
      return 'Stopped: reached the iteration limit';
    case 'time_limit':
      return 'Stopped: reached the time limit';
    case 'permission_denied':
      return 'Stopped: a tool call was denied';
    case 'approval_timeout':
      return 'Stopped: an approval was not answered in time';
    case 'crash':
      return 'Crashed: the runner process exited unexpectedly';
    case 'protocol_error':
      return 'Stopped: the runner sent invalid messages';
    case 'spawn_failed':
      return 'Failed to start the runner process';
    default:
      return assertNever(reason, 'StopReason');
  }
}

/** The pause reason in words. */
export function describePauseReason(reason: PauseReason): string {
  switch (reason) {
    case 'user':
      return 'Paused by you';
    case 'budget':
      return 'Paused: a budget limit was reached';
    case 'approval_timeout':
      return 'Paused: an approval was not answered in time';
    case 'shutdown':
      return 'Paused: Autoloop was shut down';
    case 'interrupted':
      return 'Paused: interrupted by a crash of the app or the machine';
    case 'disk_full':
      return 'Paused: the disk is full';
    case 'imported':
      return 'Paused: imported; confirm its profile, rules, working folder and model to resume it';
    default:
      return assertNever(reason, 'PauseReason');
  }
}
