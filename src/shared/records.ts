import { z } from 'zod';
import { Limits, Permissions } from './run-settings';
import { ContextMode } from './context-mode';
import { NetworkHost, SandboxKind } from './sandbox';
import { AgentKind } from './agents';
import { Isolation, RunWorktree, WorktreeState } from './worktree';
import { VerifyCommand } from './verify';

export * from './run-settings';
export * from './run-words';
export * from './worktree';

/** A run's id: a short random string, stable for the life of the run (resumes keep it). */
/** A run id: it names folders (the run's output) and files, so only letters, digits, `_` and `-`. */
export const RunId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a run id is 1–64 letters, digits, _ or -');
export type RunId = z.infer<typeof RunId>;

/** Where a run is in its life (DESIGN §4). `queued`: over the concurrency cap, waiting to start (DESIGN §13). */
export const RunStatus = z.enum(['queued', 'starting', 'running', 'waiting_approval', 'paused', 'stopping', 'ended']);
export type RunStatus = z.infer<typeof RunStatus>;

/** Why a run ended (DESIGN §4): typed, stored and shown. `auth_failed`: a provider refused the key (401/403); no retry can help. */
export const StopReason = z.enum([
  'completed',
  'user_stop',
  'stagnation',
  'failure_limit',
  'iteration_limit',
  'time_limit',
  'permission_denied',
  'approval_timeout',
  'auth_failed',
  'crash',
  'protocol_error',
  'spawn_failed',
  /** A template's `setup:` command failed in the run's worktree before iteration 1. */
  'setup_failed',
  'verify_failed',
  /** A schedule's `replace` overlap stopped it for the schedule's next run. */
  'replaced',
]);
export type StopReason = z.infer<typeof StopReason>;

/** Why a run is paused (DESIGN §4). */
/** `imported`: a bundle's run waits for the person to confirm its profile, rules, working folder and model. */
export const PauseReason = z.enum(['user', 'budget', 'approval_timeout', 'shutdown', 'interrupted', 'disk_full', 'imported']);
export type PauseReason = z.infer<typeof PauseReason>;

export const ApprovalStatus = z.enum(['pending', 'allowed', 'denied', 'timed_out', 'cancelled']);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

/**
 * What a person needs to answer a pending request, which the engine adds while it waits (not stored):
 * the agent's words that led to the call (from the run's log), why the policy asks and what the risk
 * is (the runner's permission decision), and the exact subject "Allow for this run" remembers (the
 * command for bash, the real path relative to the working folder for file tools, the URL for web_fetch).
 */
export const ApprovalContext = z.object({
  agentMessage: z.string().nullable(),
  why: z.string().nullable(),
  subject: z.string().nullable(),
});
export type ApprovalContext = z.infer<typeof ApprovalContext>;

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
  /**
   * Who or what answered (DESIGN §13): a person, a person through a notification's action link, the run's policy, the
   * timeout, or nobody: `cancelled` when the engine withdrew the request (the run ended, or it was imported while
   * pending). Records of engines before this one said `system` for `cancelled`; bundles they made are read as such.
   */
  decidedBy: z.preprocess((value) => (value === 'system' ? 'cancelled' : value), z.enum(['user', 'link', 'policy', 'timeout', 'cancelled']).nullable()),
  /** For `link`: the notifier whose link was used (issue #25). */
  decidedVia: z.string().nullable().optional(),
  /** The schedule whose unattended run asked (shown with the request); null for a run a person started. */
  scheduleName: z.string().nullable().optional(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** Present on a pending request the engine is still waiting on; left out of answered ones. */
  context: ApprovalContext.optional(),
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
  /** The part of `inputTokens` read from the provider's prompt cache (0 when the provider reports none; older records too). */
  cacheReadTokens: z.number().int().min(0).default(0),
  /** The part of `inputTokens` written to the provider's prompt cache. */
  cacheWriteTokens: z.number().int().min(0).default(0),
  costUsd: z.number().min(0).nullable(),
  limits: Limits,
  permissions: Permissions,
  model: z.string(),
  workdir: z.string(),
  /** Who takes each iteration's turn (Autoloop's agent, Claude Code). Older records: `autoloop`. */
  agent: AgentKind.default('autoloop'),
  /** The OS sandbox its processes run in (`none`: a trusted run, with the person's full access). Older records: `none`. */
  sandbox: SandboxKind.default('none'),
  /** Hosts its processes may reach through the filtering proxy (a trusted run reaches every host). */
  network: z.array(NetworkHost).default([]),
  /** Its own git worktree and branch, or the given folder itself. Older records: `none`. */
  isolation: Isolation.default('none'),
  /** The worktree (`isolation: worktree`), else null; `workdir` is inside it. */
  worktree: RunWorktree.nullable().default(null),
  /** Where the worktree is in its life; null without one. */
  worktreeState: WorktreeState.nullable().default(null),
  /** The verification gate's commands (empty when it has none; left out by older engines). */
  verify: z.array(VerifyCommand).optional(),
  /** What each iteration remembers of the ones before: the conversation, their summaries, or nothing. Older records: `carry`. */
  context: ContextMode.default('carry'),
  /** The MCP servers the run gets, by name (empty when it has none; left out by older engines). */
  mcp: z.array(z.string()).optional(),
  /** The notifiers its events go to, by name; left out: every notifier configured for the event kind; `[]`: none. */
  notify: z.array(z.string()).optional(),
  /** The schedule that started it; null for a run a person started (left out by older engines). */
  scheduleId: z.string().nullable().optional(),
  /** The template params it was started with (so "Run again" can offer them); left out by older engines. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
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
  /** The part of `inputTokens` read from the provider's prompt cache (0 when the provider reports none; older records too). */
  cacheReadTokens: z.number().int().min(0).default(0),
  /** The part of `inputTokens` written to the provider's prompt cache. */
  cacheWriteTokens: z.number().int().min(0).default(0),
  costUsd: z.number().min(0).nullable(),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  /** The commit of what the iteration changed in the run's worktree; null without a worktree or when it changed nothing. */
  commit: z.string().nullable().default(null),
});
export type Iteration = z.infer<typeof Iteration>;

/**
 * `setup`: one of the template's `setup:` commands and its result (`{command, exitCode, output}`), before iteration 1;
 * `verify`: one verify command's result; `guidance`: a note a person sent the run; `guidance_delivered`: the
 * iteration whose prompt carried it. The last two are the engine's alone: a runner may not send them.
 */
export const EventKind = z.enum(['text', 'reasoning', 'tool_call', 'tool_result', 'notice', 'error', 'setup', 'verify', 'guidance', 'guidance_delivered']);
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
