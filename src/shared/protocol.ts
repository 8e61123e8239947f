import { z } from 'zod';
import { EventKind, Limits, LoopOptions, Permissions, StopReason } from './records';
import { ContextMode, IterationSummary } from './context-mode';
import { AgentKind } from './agents';
import { McpServerLaunch } from './mcp';
import { SandboxSpec } from './sandbox';
import { GuidanceNote } from './verify';
import { MAX_COST_PER_RESPONSE_USD, MAX_TOKENS_PER_RESPONSE } from './usage-bounds';

/** Bumped when a message changes shape; `init` and `ready` carry it and both ends refuse a mismatch. */
export const PROTOCOL_VERSION = 1;

const iteration = z.number().int().positive();
/** A conversation message as the AI SDK stores it; the runner owns its shape. */
const ConversationMessage = z.record(z.string(), z.unknown());

export const ModelSpec = z.object({
  provider: z.string().min(1),
  id: z.string().min(1),
  options: z.record(z.string(), z.unknown()).default({}),
});
export type ModelSpec = z.infer<typeof ModelSpec>;

// ── supervisor → runner ────────────────────────────────────────────────────────────────────

const Init = z.object({
  type: z.literal('init'),
  protocol: z.literal(PROTOCOL_VERSION),
  runId: z.string().min(1),
  name: z.string(),
  template: z.object({ text: z.string(), revision: z.string() }),
  params: z.record(z.string(), z.unknown()),
  workdir: z.string().min(1),
  outputDir: z.string().min(1),
  model: ModelSpec,
  /** Who takes the turns (absent: `autoloop`); the loop around them is the runner's either way. */
  agent: AgentKind.optional(),
  /** The `claude` / `codex` binary chosen in settings (absent: the runner looks on PATH, else uses the bundled one). */
  agentPath: z.string().min(1).optional(),
  /** Provider keys. They live only in the runner's memory, never in its environment. */
  secrets: z.record(z.string(), z.string()),
  limits: Limits,
  permissions: Permissions,
  loop: LoopOptions,
  /** How every process the run starts is confined (DESIGN §13); the engine always sends it, tests of the loop may leave it out. */
  sandbox: SandboxSpec.optional(),
  /** The template's `setup:` commands, run in `workdir` (the run's worktree) before iteration 1 of a fresh run; a failure ends it `setup_failed`. */
  setup: z.array(z.string().min(1)).optional(),
  /** What each iteration remembers of the ones before (DESIGN §13); left out: `carry`. */
  context: ContextMode.optional(),
  /** The run's MCP servers with their values resolved by the engine for this run (never stored); the runner starts them. */
  mcp: z.array(McpServerLaunch).optional(),
  resume: z
    .object({
      iteration: z.number().int().min(0),
      /** The stored conversation (`carry`); empty in the other modes, whose checkpoints store none. */
      messages: z.array(ConversationMessage),
      /** `summaries`: the finished iterations' numbers and summaries up to the checkpoint, oldest first. */
      summaries: z.array(IterationSummary).optional(),
      /** Failed verifications of `complete` in a row before the pause or crash: the `maxVerifyFailures` count goes on from there. */
      verifyFailuresInARow: z.number().int().min(0).optional(),
    })
    .optional(),
});

const GateResult = z.object({
  type: z.literal('gate_result'),
  iteration,
  decision: z.enum(['go', 'pause']),
  reason: z.string().optional(),
  remaining: z.object({ tokens: z.number().optional(), costUsd: z.number().optional() }).default({}),
  /** Notes people sent the run since the last gate, oldest first: the iteration's prompt carries them. */
  guidance: z.array(GuidanceNote).optional(),
});

const ApprovalResult = z.object({
  type: z.literal('approval_result'),
  requestId: z.string().min(1),
  decision: z.enum(['allow', 'deny']),
  scope: z.enum(['once', 'run']).optional(),
  reason: z.string().optional(),
  /** End the turn after this tool result (the run is about to pause, e.g. on an approval timeout). */
  endTurn: z.boolean().optional(),
  /** Who answered: a person (default) or the request's timeout; the model is told which. */
  by: z.enum(['user', 'timeout']).optional(),
});

const Stop = z.object({ type: z.literal('stop'), reason: StopReason });
const Ping = z.object({ type: z.literal('ping'), nonce: z.string() });

/** Every message a supervisor may send to its runner. */
export const SupervisorMessage = z.discriminatedUnion('type', [Init, GateResult, ApprovalResult, Stop, Ping]);
export type SupervisorMessage = z.infer<typeof SupervisorMessage>;
export type InitMessage = z.infer<typeof Init>;

// ── runner → supervisor ────────────────────────────────────────────────────────────────────

const Ready = z.object({ type: z.literal('ready'), pid: z.number().int(), protocol: z.literal(PROTOCOL_VERSION) });
const Gate = z.object({ type: z.literal('gate'), iteration });
const IterationStarted = z.object({ type: z.literal('iteration_started'), iteration, startedAt: z.string() });

/** What a runner may log: every kind but what people said, which only the engine records. */
const RunnerEventKind = EventKind.exclude(['guidance', 'guidance_delivered']);

const Event = z.object({
  type: z.literal('event'),
  iteration: z.number().int().min(0),
  kind: RunnerEventKind,
  data: z.record(z.string(), z.unknown()),
});

const responseTokens = z.number().int().min(0).max(MAX_TOKENS_PER_RESPONSE);
const Usage = z.object({
  type: z.literal('usage'),
  iteration,
  inputTokens: responseTokens,
  outputTokens: responseTokens,
  cacheReadTokens: responseTokens,
  cacheWriteTokens: responseTokens,
  costUsd: z.number().min(0).max(MAX_COST_PER_RESPONSE_USD).nullable(),
  model: z.string(),
});

const ApprovalRequest = z.object({
  type: z.literal('approval_request'),
  requestId: z.string().min(1),
  iteration,
  tool: z.string(),
  input: z.unknown(),
  summary: z.string(),
  risk: z.enum(['low', 'medium', 'high']),
  /** Why the policy asks and why the risk is what it is, in words (the permission decision's reason). */
  why: z.string().max(2_000).optional(),
  /** What "Allow for this run" would remember: the command, the real relative path or the URL. */
  subject: z.string().max(8_000).optional(),
});

/** A typed failure: never parsed from model prose (DESIGN §6). */
/** `auth`: the provider refused the key (401/403) or no key reached the runner; retrying cannot help, so the run ends. */
/** `mcp_unavailable`: every MCP server the run was given is down (failed to start or exited), so the iteration did not call the model. */
export const Failure = z.object({
  kind: z.enum(['provider_error', 'auth', 'tool_error', 'timeout', 'context_overflow', 'circuit_open', 'mcp_unavailable', 'internal']),
  /** Equal signatures mean "the same failure again" for the failure-streak rule. */
  signature: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  provider: z.string().optional(),
  retryAfterMs: z.number().min(0).optional(),
});
export type Failure = z.infer<typeof Failure>;

const IterationDone = z.object({
  type: z.literal('iteration_done'),
  iteration,
  status: z.enum(['ok', 'error', 'denied']),
  summary: z.string(),
  durationMs: z.number().min(0),
  failure: Failure.optional(),
});

const Checkpoint = z.object({
  type: z.literal('checkpoint'),
  iteration,
  messages: z.array(ConversationMessage),
  replace: z.boolean().default(false),
});

const Exit = z.object({
  type: z.literal('exit'),
  reason: z.union([StopReason, z.literal('paused')]),
  detail: z.string().optional(),
  iterations: z.number().int().min(0),
});

const Pong = z.object({ type: z.literal('pong'), nonce: z.string() });

/**
 * A process group a tool started (`alive: true`) or saw end (`alive: false`). The supervisor kills the groups still
 * alive when the runner's process ends, however it ended: a SIGKILL of the runner cannot be caught, and outside a
 * PID namespace (macOS) nothing else would end them.
 */
const ProcessGroup = z.object({ type: z.literal('process_group'), pgid: z.number().int().min(2), alive: z.boolean() });

/** Every message a runner may send to its supervisor. */
export const RunnerMessage = z.discriminatedUnion('type', [
  Ready,
  Gate,
  IterationStarted,
  Event,
  Usage,
  ApprovalRequest,
  IterationDone,
  Checkpoint,
  Exit,
  Pong,
  ProcessGroup,
]);
export type RunnerMessage = z.infer<typeof RunnerMessage>;
export type RunnerMessageOf<T extends RunnerMessage['type']> = Extract<RunnerMessage, { type: T }>;
export type ExitReason = z.infer<typeof Exit>['reason'];
