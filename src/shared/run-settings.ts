import { z } from 'zod';
import { MAX_TIMER_MESSAGE, MAX_TIMER_MS } from './duration';
import { DEFAULT_MAX_VERIFY_FAILURES, VERIFY_MAX_COMMANDS, VerifyCommand, VerifyEvery } from './verify';

// What a run may do and when it stops: its limits, the loop's rules and its permissions (DESIGN §6–§8).

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
    /** The verification gate: commands that must pass before `complete` ends the run (none: `complete` ends it at once). */
    verify: z.array(VerifyCommand).max(VERIFY_MAX_COMMANDS),
    /** Consecutive failed verifications of `complete` that end the run as `verify_failed`. */
    maxVerifyFailures: z.number().int().min(1),
    /** `iteration`: the gate also runs after every iteration and its failures open the next prompt, ending nothing. */
    verifyEvery: VerifyEvery,
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
  verify: [],
  maxVerifyFailures: DEFAULT_MAX_VERIFY_FAILURES,
  verifyEvery: 'complete',
};

/** How much a run may do without asking (DESIGN §7). */
export const PermissionProfile = z.enum(['read-only', 'ask', 'workspace-write', 'trusted']);
export type PermissionProfile = z.infer<typeof PermissionProfile>;

export const PermissionRule = z.object({ tool: z.string().min(1), pattern: z.string().default('*'), action: z.enum(['allow', 'ask', 'deny']) }).strict();
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
