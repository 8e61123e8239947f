import { z } from 'zod';
import { ContextMode } from './context-mode';
import { Approval, Iteration, Limits, LoopOverrides, PermissionOverrides, PermissionProfile, PermissionRule, Run, RunEvent, RunId } from './records';
import { RunBundle } from './bundle';
import { EnvVarName, NetworkHost, SandboxKind } from './sandbox';
import { GitRefName, Isolation } from './worktree';
import { AgentKind } from './agents';
import { McpServerName, mcpMethods } from './mcp';
import { NotifierName } from './notifiers';
import { providerMethods } from './providers-api';
import { agentMethods } from './agents-api';
import { Settings, SettingsPatch } from './settings';
import { templateMethods } from './templates-api';
import { worktreeMethods } from './worktree-api';
import { scheduleMethods } from './schedules-api';
import { tokenMethods } from './access-tokens-api';
import { ScheduleProblem } from './schedules';
import { GUIDANCE_MAX_CHARS, VerifySteps } from './verify';

/** Stable error codes that cross the API boundary (DESIGN §5). */
export const ApiErrorCode = z.enum(['not_found', 'invalid_input', 'conflict', 'provider_error', 'forbidden', 'unavailable', 'internal']);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z.object({ code: ApiErrorCode, message: z.string(), details: z.unknown().optional() });
export type ApiError = z.infer<typeof ApiError>;

/** What every API call answers: a value, or an error a person can act on. */
export type ApiResponse<T> = Readonly<{ ok: true; value: T } | { ok: false; error: ApiError }>;

const ById = z.object({ id: RunId }).strict();

/** `runs.stop`: now (the default), or `after: 'iteration'`, when the current iteration has finished (at the next gate). */
export const StopAfter = z.enum(['iteration']);
export type StopAfter = z.infer<typeof StopAfter>;
const StopParams = z.object({ id: RunId, after: StopAfter.optional() }).strict();

/**
 * What the person confirms before an imported run resumes: the bundle's own choices are not
 * trusted; `runs.resume` of a run paused as `imported` shows the importer's defaults and needs these.
 */
export const ConfirmImport = z
  .object({ profile: PermissionProfile, rules: z.array(PermissionRule), workdir: z.string().min(1), model: z.string().min(1) })
  .strict();
export type ConfirmImport = z.infer<typeof ConfirmImport>;
const Empty = z.object({}).strict().default({});

export const StartRunParams = z
  .object({
    template: z.string().min(1),
    name: z.string().min(1).max(120).optional(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    workdir: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    limits: Limits.optional(),
    loop: LoopOverrides.optional(),
    permissions: PermissionOverrides.optional(),
    /** Hosts the run's commands may reach through the sandbox's filtering proxy, besides the template's (`--allow-net`). */
    network: z.array(NetworkHost).optional(),
    /** The MCP servers the run gets, by name, instead of the template's `mcp:` (`--mcp`); `[]` gives it none. */
    mcp: z.array(McpServerName).max(20).optional(),
    /** The notifiers the run's events go to, by name, instead of the template's `notify:` (`--notify`); `[]`: none. */
    notify: z.array(NotifierName).max(20).optional(),
    /** Environment variables the person lets through to the run's tools, including SSH_AUTH_SOCK or AUTOLOOP_* (`--pass-env`). */
    env: z.array(EnvVarName).optional(),
    /** The verification gate's commands, instead of the template's (`--verify`); `[]` runs none. */
    verify: VerifySteps.optional(),
    /** Stop an active run with the same name first instead of refusing with `conflict`. */
    replace: z.boolean().default(false),
    /**
     * Its own git worktree and branch (`worktree`), or the folder itself (`none`). Left out: the template's `isolation:`,
     * else `worktree` when the working folder is in a git repository, else `none`. `worktree` outside a repository is refused.
     */
    isolation: Isolation.optional(),
    /** What each iteration remembers of the ones before (`--context`); left out: the template's `context:`, else `carry`. */
    context: ContextMode.optional(),
    /** Who takes the turns (`--agent`); left out: the template's `agent:`, else `autoloop`. */
    agent: AgentKind.optional(),
    /** The branch or commit the run's branch starts from (`--base`); the folder's current HEAD when left out. */
    base: GitRefName.optional(),
    /** Carry the folder's uncommitted changes (staged, unstaged and untracked) into the worktree (`--with-uncommitted`). */
    withUncommitted: z.boolean().optional(),
  })
  .strict();
export type StartRunParams = z.input<typeof StartRunParams>;

/** The most runs one `runs.list` page holds; callers that need every run follow `nextCursor` (`listAllRuns`). */
export const RUNS_PAGE_MAX = 1_000;

const RunsListParams = z
  .object({
    limit: z.number().int().min(1).max(RUNS_PAGE_MAX).default(200),
    /** The `nextCursor` of the page before; the newest runs without it. */
    cursor: z.string().min(1).optional(),
  })
  .strict()
  .prefault({});

/** Runs newest first; `nextCursor` is null on the last page. */
export const RunsPage = z.object({ runs: z.array(Run), nextCursor: z.string().nullable() });
export type RunsPage = z.infer<typeof RunsPage>;

export const EVENTS_PAGE_MAX = 5_000;

const EventsParams = z
  .object({
    id: RunId,
    /** Return events with a sequence number above this one. */
    afterSeq: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(EVENTS_PAGE_MAX).default(1_000),
  })
  .strict();

const EventsPage = z.object({ events: z.array(RunEvent), lastSeq: z.number().int().min(0) });

const SystemInfo = z.object({
  version: z.string(),
  shell: z.enum(['electron', 'server', 'embedded']),
  dataDir: z.string(),
  defaultWorkdir: z.string(),
  protocol: z.number().int(),
  /** How API keys typed into the app are stored: sealed by the OS keyring, or in plain text in the private data folder. */
  keyStorage: z.enum(['sealed', 'plain']).default('plain'),
  /** Set by a server reachable from other machines without TLS: the page header shows it (issue #25). */
  connectionWarning: z.string().optional(),
  /**
   * The OS sandbox the engine's machine offers (probed once): with `bwrap`, a trusted run's Claude Code or Codex runs
   * inside Autoloop's bubblewrap that hides the data folder and credential stores. Left out by older engines.
   */
  hostSandbox: SandboxKind.optional(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

/** Every API method: its parameters and its result, validated on both sides. */
export const apiMethods = {
  'runs.start': { params: StartRunParams, result: Run },
  /** One page of runs, newest first. */
  'runs.list': { params: RunsListParams, result: RunsPage },
  'runs.get': { params: ById, result: Run },
  'runs.stop': { params: StopParams, result: Run },
  'runs.pause': { params: ById, result: Run },
  /** Removes a run that has no process (ended or paused) with its iterations, log and approvals; its folders stay. */
  'runs.delete': { params: ById, result: z.object({ id: RunId }) },
  'runs.resume': { params: z.object({ id: RunId, limits: Limits.optional(), confirmImport: ConfirmImport.optional() }).strict(), result: Run },
  'runs.iterations': { params: ById, result: z.array(Iteration) },
  'runs.export': { params: ById, result: RunBundle },
  'runs.import': { params: z.object({ bundle: z.unknown() }).strict(), result: z.object({ run: Run, renamedFrom: RunId.nullable() }) },
  'runs.events': { params: EventsParams, result: EventsPage },
  ...worktreeMethods,
  /** A person's note to a running or paused run: stored at once, in the prompt of its next iteration. */
  'runs.guide': {
    params: z
      .object({
        id: RunId,
        text: z.string().trim().min(1, 'write the note to send').max(GUIDANCE_MAX_CHARS, `a note is at most ${GUIDANCE_MAX_CHARS} characters`),
      })
      .strict(),
    result: RunEvent,
  },
  'approvals.list': {
    params: z
      .object({ runId: RunId.optional(), status: z.enum(['pending', 'all']).default('pending') })
      .strict()
      .prefault({}),
    result: z.array(Approval),
  },
  'approvals.decide': {
    params: z
      .object({
        id: z.string().min(1),
        decision: z.enum(['allow', 'deny']),
        scope: z.enum(['once', 'run']).default('once'),
        reason: z.string().max(2_000).optional(),
      })
      .strict(),
    result: Approval,
  },
  ...templateMethods,
  ...scheduleMethods,
  ...tokenMethods,
  'settings.get': { params: Empty, result: Settings },
  'settings.set': { params: SettingsPatch, result: Settings },
  ...providerMethods,
  ...agentMethods,
  ...mcpMethods,
  /** Usage of the current UTC day across all runs, the figures the daily budgets count (DESIGN §8). */
  'usage.today': {
    params: Empty,
    result: z.object({ day: z.string(), tokens: z.number(), costUsd: z.number(), unpricedResponses: z.number().int() }),
  },
  'system.info': { params: Empty, result: SystemInfo },
  'system.compact': { params: Empty, result: z.object({ beforeBytes: z.number(), afterBytes: z.number() }) },
  'system.checkIntegrity': { params: Empty, result: z.object({ ok: z.boolean(), problems: z.array(z.string()) }) },
} as const;

export type ApiMethod = keyof typeof apiMethods;
export const apiMethodNames = Object.keys(apiMethods) as ApiMethod[];
/** Parameters as a caller writes them (defaults may be left out). */
export type ApiParams<M extends ApiMethod> = z.input<(typeof apiMethods)[M]['params']>;
/** Parameters as a handler receives them (defaults filled in). */
export type ApiParsedParams<M extends ApiMethod> = z.output<(typeof apiMethods)[M]['params']>;
export type ApiResult<M extends ApiMethod> = z.output<(typeof apiMethods)[M]['result']>;

/** The engine's side of the API: one async function per method. */
export type ApiHandlers = { readonly [M in ApiMethod]: (params: ApiParsedParams<M>) => Promise<ApiResult<M>> };

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiMethods, name);
}

/** Events the engine pushes to every connected window or browser tab. */
export const ApiPushEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run.updated'), run: Run }),
  z.object({ type: z.literal('run.deleted'), runId: RunId }),
  z.object({ type: z.literal('run.iteration'), iteration: Iteration }),
  z.object({ type: z.literal('run.event'), event: RunEvent }),
  z.object({ type: z.literal('approval.requested'), approval: Approval }),
  z.object({ type: z.literal('approval.resolved'), approval: Approval }),
  z.object({
    type: z.literal('notice'),
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
    /** The schedule a notice is about (its watchdog, or its budget blocking slots), so the shell can notify and badge it. */
    schedule: z.object({ id: z.string(), name: z.string(), problem: ScheduleProblem }).optional(),
  }),
  /** A schedule or its slots changed (created, edited, removed, a slot decided or its run started): open schedule views ask again. */
  z.object({ type: z.literal('schedule.changed'), scheduleId: z.string() }),
]);
export type ApiPushEvent = z.infer<typeof ApiPushEvent>;

// ── the WebSocket framing used by the headless server ─────────────────────────────────────

export const WsRequest = z.object({ id: z.number().int(), method: z.string(), params: z.unknown() });
export type WsRequest = z.infer<typeof WsRequest>;

export const WsServerFrame = z.union([
  z.object({ id: z.number().int(), result: z.unknown() }),
  z.object({ id: z.number().int(), error: ApiError }),
  z.object({ event: ApiPushEvent }),
]);
export type WsServerFrame = z.infer<typeof WsServerFrame>;
