import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { ModelMessage } from 'ai';
import { z } from 'zod';
import { messageOf } from '../../../shared/errors';
import type { Failure, InitMessage, RunnerMessage } from '../../../shared/protocol';
import type { AnyAgentTool, IterationOutcome } from '../../tools/agent-tool';
import type { PermissionGate } from '../../permissions/permission-gate';
import { isWithin } from '../../tools/path-guard';
import { buildIterationPrompt, buildSystemPrompt, summarizeIteration } from '../prompts';
import { withIterationNotes } from '../../loop/iteration-notes';
import type { TurnResult } from '../run-turn';
import { type IterationTurn, mcpUnavailableTurn } from '../../loop/agent-session';
import { CARRY_CONTEXT, type IterationContext } from '../../loop/iteration-context';
import { type GatedCall, gatedCallOf } from '../claude-code/claude-code-terms';
import {
  codexArgs,
  codexAuthOf,
  codexEnvironment,
  codexSandboxOf,
  codexThreadParams,
  codexUsageModel,
  mcpServersOfConfig,
  ourMcpServerProblem,
  threadMcpServers,
  unwrapShellCommand,
} from './codex-terms';
import { type CodexHome, codexHomeFor, codexLaunch, codexRulesFiles, personalCodexHome } from './codex-launch';
import { startCodexRpc } from './codex-rpc';
import type { CodexMcpBridge } from './codex-mcp-bridge';
import { CLAUDE_CODE_RESERVED_MCP_SERVER as CODEX_MCP_SERVER, mcpToolName } from '../../../shared/mcp';

const UPDATE_HINT =
  'Check that `codex --version` works in a terminal and that `codex login` was done (or choose an openai provider with a key), then resume the run.';

export type CodexSessionDeps = Readonly<{
  init: InitMessage;
  /** `report` and `complete` (the latter behind the verification gate when the run has one). */
  tools: ReadonlyArray<AnyAgentTool>;
  /** The run's permission gate: Codex's approval requests are decided by it. */
  gate: PermissionGate;
  send(message: RunnerMessage): void;
  /** The `codex` binary to start (the person's on PATH, else the npm package's). */
  executable: string;
  /** The runner's environment, from which the clean agent environment is built. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Serves `report` and `complete` to Codex over MCP, and the run's MCP tools (`mcpTools`, each call through
   * `authorize`); absent: the final message is the summary.
   */
  mcp?: (context: () => BridgeContext, mcpTools: ReadonlyArray<AnyAgentTool>) => Promise<CodexMcpBridge>;
  /** The run's MCP servers' tools (`mcp__<server>__<tool>`, started by the runner). Absent: the run has none. */
  mcpTools?: ReadonlyArray<AnyAgentTool>;
  /** The typed failure when every MCP server of the run is down, else null (absent: the run has none). */
  mcpUnavailable?: () => Failure | null;
}>;

/** What the MCP bridge needs of the iteration running now. */
type BridgeContext = Readonly<{
  iteration: number;
  signal: AbortSignal;
  outcome: IterationOutcome;
  authorize(tool: AnyAgentTool, input: Readonly<Record<string, unknown>>): Promise<string | null>;
}>;

/** Where a session stands, kept in the checkpoint so a resumed run (after a pause or a crash) goes on in the same thread. */
const ThreadTotals = z.object({ input: z.number(), cached: z.number(), cacheWrite: z.number(), output: z.number() });
type ThreadTotals = z.infer<typeof ThreadTotals>;
const SessionState = z.object({ threadId: z.string().min(1), totals: ThreadTotals });
type SessionState = z.infer<typeof SessionState>;
const NO_TOKENS: ThreadTotals = { input: 0, cached: 0, cacheWrite: 0, output: 0 };

/** The last Codex thread (and its usage so far) a checkpointed conversation holds, if any. */
export function codexThreadIn(messages: ReadonlyArray<Record<string, unknown>>): SessionState | null {
  for (const message of [...messages].reverse()) {
    const options = message.providerOptions as Record<string, unknown> | undefined;
    const parsed = SessionState.safeParse(options?.autoloopCodex);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** Pure: one turn's usage from Codex's running totals over the thread (resumes included) less the previous turn's. */
export function usageSince(now: ThreadTotals, before: ThreadTotals): ThreadTotals {
  const less = (key: keyof ThreadTotals): number => Math.max(0, now[key] - before[key]);
  return { input: less('input'), cached: less('cached'), cacheWrite: less('cacheWrite'), output: less('output') };
}

/** A Codex thread item (`item/started`, `item/completed`), the fields Autoloop reads. */
type Item = Readonly<{
  id: string;
  type: string;
  text?: string;
  summary?: ReadonlyArray<string>;
  command?: string;
  aggregatedOutput?: string | null;
  exitCode?: number | null;
  status?: string;
  changes?: ReadonlyArray<{ path: string; kind: unknown; diff?: string }>;
  server?: string;
  tool?: string;
  arguments?: unknown;
  result?: { content?: ReadonlyArray<{ type: string; text?: string }> } | null;
  error?: { message: string } | null;
  query?: string;
}>;

/** Whether a path, its links followed (through its nearest existing folder), lies in the run's working or output folder. */
function insideRunFoldersOf(init: InitMessage): (file: string) => boolean {
  const real = (file: string): string => {
    let folder = file;
    const rest: string[] = [];
    for (;;) {
      try {
        return path.join(realpathSync(folder), ...rest.reverse());
      } catch {
        const parent = path.dirname(folder);
        if (parent === folder) return file;
        rest.push(path.basename(folder));
        folder = parent;
      }
    }
  };
  const roots = [init.workdir, init.outputDir].map(real);
  return (file) => roots.some((root) => isWithin(real(file), root));
}

/** A file change's kind (`add`, `delete`, `update`; an update may carry a move). */
const kindOf = (kind: unknown): string => (typeof kind === 'string' ? kind : kind && typeof kind === 'object' && 'type' in kind ? String(kind.type) : 'update');

/** A Codex item as the tool call Autoloop logs: commands are `bash`, patches `edit_file`, MCP tools by their own name. */
function loggedCall(item: Item): Readonly<{ tool: string; input: unknown }> | null {
  switch (item.type) {
    case 'commandExecution':
      return { tool: 'bash', input: { command: unwrapShellCommand(item.command ?? '') } };
    case 'fileChange':
      return { tool: 'edit_file', input: { changes: (item.changes ?? []).map((change) => ({ path: change.path, kind: kindOf(change.kind) })) } };
    case 'mcpToolCall':
      // Ours as themselves (`report`); a run's MCP tool as Autoloop's own agent and Claude Code log it (`mcp__<server>__<tool>`).
      return {
        tool: item.server === CODEX_MCP_SERVER ? (item.tool ?? 'unknown') : mcpToolName(item.server ?? 'mcp', item.tool ?? 'unknown'),
        input: item.arguments ?? {},
      };
    case 'webSearch':
      return { tool: 'web_search', input: { query: item.query ?? '' } };
    default:
      return null;
  }
}

function loggedResult(item: Item, denial: string | undefined): Readonly<{ output: string; isError: boolean }> {
  if (item.status === 'declined') return { output: `not executed: ${denial ?? 'declined'}`, isError: true };
  switch (item.type) {
    case 'commandExecution':
      return {
        output: `${item.aggregatedOutput ?? ''}${typeof item.exitCode === 'number' ? `\n[exit ${item.exitCode}]` : ''}`,
        isError: item.status === 'failed' || (item.exitCode ?? 0) !== 0,
      };
    case 'fileChange':
      return { output: (item.changes ?? []).map((change) => `${kindOf(change.kind)} ${change.path}`).join('\n'), isError: item.status === 'failed' };
    case 'mcpToolCall':
      return {
        output: item.error?.message ?? (item.result?.content ?? []).map((part) => (part.type === 'text' ? (part.text ?? '') : `[${part.type}]`)).join('\n'),
        isError: item.status === 'failed' || Boolean(item.error),
      };
    default:
      return { output: '', isError: item.status === 'failed' };
  }
}

/** Codex's configuration would act around the run's gate, or could not be read: the run ends `spawn_failed`, saying why. */
class CodexConfigRefusal extends Error {}

/** Codex has no login and its model provider needs one: the iteration fails `auth` (the run ends `auth_failed`) before a turn starts. */
class CodexNotSignedIn extends Error {}

/**
 * Pure: what to tell the person when Codex's `account/read` answer says it cannot reach its model: no account while its
 * model provider needs an OpenAI login (`requiresOpenaiAuth`). Else null (signed in, or a provider of their config.toml
 * that needs none). Without this Codex retries its service for minutes, sending nothing (codex-cli 0.171, offline).
 */
export function codexSignInProblem(answer: unknown, codexHome: string): string | null {
  const read = (answer ?? {}) as { account?: unknown; requiresOpenaiAuth?: unknown };
  if (read.account !== null && read.account !== undefined) return null;
  if (read.requiresOpenaiAuth !== true) return null;
  return `Codex is not signed in (no login in ${codexHome}) and the run has no OpenAI key: sign in with \`codex login\` in a terminal, or give the run a key (an openai provider with a key in Settings → Providers, and a model of it), then start the run again.`;
}

/** A typed failure from what Codex said when a turn failed: a refused key or a missing login ends the run (`auth`). */
export function classifyCodexFailure(detail: string): Failure {
  const message = detail.trim().slice(0, 1_000) || 'Codex ended the turn with an error and said nothing more';
  if (/401|403|unauthorized|invalid api key|not logged in|codex login|authentication/i.test(message)) {
    return {
      kind: 'auth',
      signature: 'codex:auth',
      message: `Codex is not signed in or its key was refused: sign in with \`codex login\` in a terminal, or give the run a key (an openai provider with a key in Settings → Providers, and a model of it), then start the run again. (${message})`,
      provider: 'codex',
    };
  }
  return { kind: 'provider_error', signature: `codex:${message.slice(0, 80)}`, message, provider: 'codex' };
}

/** Where Codex's turn stands, from its notifications and the answers to its approval requests. */
type TurnState = {
  threadId: string | null;
  finalText: string;
  failure: Failure | null;
  /** The thread's running token totals, from the last `thread/tokenUsage/updated`. */
  total: ThreadTotals | null;
  ended: boolean;
  called: Set<string>;
  /** Items whose result is logged. */
  answered: Set<string>;
  /** The denial that ended the turn, for the calls Codex never finished. */
  endedBy: string | null;
  /** Items seen so far (a file change's paths are in its item, not in its approval request). */
  items: Map<string, Item>;
  /** Why each declined item was declined (the gate's words), for the log. */
  denials: Map<string, string>;
  denied: { any: boolean; endTurn: boolean; stopRun: boolean };
};

const asTotals = (breakdown: Record<string, unknown> | undefined): ThreadTotals | null =>
  breakdown
    ? {
        input: Number(breakdown.inputTokens ?? 0),
        cached: Number(breakdown.cachedInputTokens ?? 0),
        cacheWrite: Number(breakdown.cacheWriteInputTokens ?? 0),
        output: Number(breakdown.outputTokens ?? 0),
      }
    : null;

/** Pure: a typed failure from a turn's error (`codexErrorInfo: "unauthorized"` is a refused key, whatever the words). */
export function failureOfTurnError(error: Readonly<{ message?: string; codexErrorInfo?: unknown; additionalDetails?: string | null }>): Failure {
  const message = [error.message, error.additionalDetails].filter(Boolean).join(' ');
  const info = JSON.stringify(error.codexErrorInfo ?? '');
  return classifyCodexFailure(/unauthorized|"httpStatusCode":40[13]\b/.test(info) ? `401 Unauthorized: ${message}` : message);
}

/**
 * Codex as the loop's agent (issue 23): `codex app-server` (JSON-RPC over stdio, the protocol of Codex's VS Code
 * extension), one process and one turn per iteration on a thread kept across iterations (`thread/resume`), in a process
 * group of its own that a stop kills. Its items become the run's events; its approval requests go through the run's
 * permission gate (commands as `bash`, file changes as `write_file` / `edit_file`); each turn's usage is booked under the
 * run's model and priced by the engine's price table. On Linux it runs inside a bubblewrap that hides Autoloop's data folder.
 */
export function createCodexSession(deps: CodexSessionDeps) {
  const { init } = deps;
  const resumed = codexThreadIn(init.resume?.messages ?? []);
  let threadId: string | null = resumed?.threadId ?? null;
  let totals: ThreadTotals = resumed?.totals ?? NO_TOKENS;
  const developerInstructions = buildSystemPrompt({ templateText: init.template.text, workdir: init.workdir, outputDir: init.outputDir, params: init.params });
  const auth = codexAuthOf(init);
  const sandboxMode = codexSandboxOf(init);
  const usageModel = codexUsageModel(init);
  // The run's private Codex home (a provider's key), or the reason it cannot be had (the run cannot start).
  let home: CodexHome | null = null;
  let homeProblem: string | null = null;
  try {
    home = auth.kind === 'api_key' ? codexHomeFor(init.runId) : null;
  } catch (error) {
    homeProblem = messageOf(error);
  }
  const insideRunFolders = insideRunFoldersOf(init);
  const env = { ...codexEnvironment(deps.env ?? process.env, auth), ...(home ? { CODEX_HOME: home.path } : {}) };
  let current: BridgeContext | null = null;
  // A person's server called `autoloop` would shadow report and complete: the engine refuses it, and the runner leaves it out.
  const runMcpTools = (deps.mcpTools ?? []).filter((tool) => tool.mcp !== undefined && tool.mcp.server.toLowerCase() !== CODEX_MCP_SERVER);
  if (runMcpTools.length < (deps.mcpTools ?? []).length) {
    const message = `The MCP server "${CODEX_MCP_SERVER}" was left out: that name serves Autoloop's report and complete in a Codex run.`;
    deps.send({ type: 'event', iteration: 0, kind: 'notice', data: { message, mcp: true } });
  }
  // The person's Codex rules still apply (no app-server switch leaves them out): the log says so, in every profile that asks.
  const rules = auth.kind === 'login' && init.permissions.profile !== 'trusted' ? codexRulesFiles(personalCodexHome(deps.env ?? process.env)) : [];
  if (rules.length > 0) {
    const message =
      `Your Codex rules apply in this run (${rules.join(', ')}): a command they allow runs outside Codex's sandbox without asking, ` +
      "so the run's permissions never see it. Remove their allow rules, or pick a model of an openai provider with a key (Codex then has a home of its own).";
    deps.send({ type: 'event', iteration: 0, kind: 'notice', data: { message } });
  }
  // Whether the log said once that Codex's config.toml MCP servers are off in this run.
  let toldServersOff = false;
  const bridge = deps.mcp
    ? deps.mcp(() => {
        if (!current) throw new Error('no iteration is running');
        return current;
      }, runMcpTools)
    : null;

  async function runIteration(iteration: number, signal: AbortSignal, notes: string | null = null, iterationContext: IterationContext = CARRY_CONTEXT) {
    // Every MCP server of the run is down: the iteration fails without starting Codex, as for Autoloop's own agent.
    const mcpDown = mcpUnavailableTurn(iteration, deps.mcpUnavailable, deps.send);
    if (mcpDown !== null) return mcpDown;
    const outcome: IterationOutcome = { reportedSummary: null, completion: null };
    // A denial that ends the turn interrupts Codex's turn (set once the turn has started).
    let interrupt: () => void = () => undefined;
    // A call ends with the iteration, and with a turn a denial ended.
    const callAbort = new AbortController();
    const callSignal = AbortSignal.any([signal, callAbort.signal]);
    const emit = (kind: Extract<RunnerMessage, { type: 'event' }>['kind'], data: Record<string, unknown>): void =>
      deps.send({ type: 'event', iteration, kind, data });
    const iterationPrompt = withIterationNotes(buildIterationPrompt(iteration, init.params), notes);
    const prompt = iterationContext.opening === null ? iterationPrompt : `${iterationContext.opening}\n\n${iterationPrompt}`;
    if (iterationContext.freshSession) {
      threadId = null;
      totals = NO_TOKENS;
    }
    const state: TurnState = {
      threadId,
      finalText: '',
      failure: null,
      total: null,
      ended: false,
      called: new Set(),
      answered: new Set(),
      endedBy: null,
      items: new Map(),
      denials: new Map(),
      denied: { any: false, endTurn: false, stopRun: false },
    };
    current = {
      iteration,
      signal: callSignal,
      outcome,
      // A call of a run's MCP tool, in the bridge: the gate decides as for Autoloop's own agent (Codex itself does not ask).
      authorize: async (tool, input) => {
        const verdict = await deps.gate.check(tool, input, iteration);
        if (verdict.allowed) return null;
        state.denied.any = true;
        state.denied.endTurn ||= verdict.endTurn;
        state.denied.stopRun ||= verdict.stopRun;
        if (verdict.endTurn) {
          emit('notice', { message: `${tool.name}: ${verdict.message}; the turn was ended` });
          state.endedBy ??= verdict.message;
          callAbort.abort(new Error('a denial ended the turn'));
          interrupt();
        }
        return verdict.message;
      },
    };
    let endRun: IterationTurn['endRun'];
    let turnDone: () => void = () => undefined;
    const turnEnded = new Promise<void>((resolve) => (turnDone = resolve));

    const onItem = (method: string, item: Item): void => {
      state.items.set(item.id, item);
      const call = loggedCall(item);
      if (call && !state.called.has(item.id)) {
        state.called.add(item.id);
        emit('tool_call', { toolCallId: item.id, tool: call.tool, input: call.input });
      }
      if (method !== 'item/completed') return;
      if (call) {
        state.answered.add(item.id);
        emit('tool_result', { toolCallId: item.id, tool: call.tool, ...loggedResult(item, state.denials.get(item.id)) });
      } else if (item.type === 'agentMessage' && item.text) {
        state.finalText = item.text;
        emit('text', { text: item.text });
      } else if (item.type === 'reasoning' && (item.summary ?? []).length > 0) emit('reasoning', { text: (item.summary ?? []).join('\n') });
    };

    const onNotification = (method: string, params: Record<string, unknown>): void => {
      if ((method === 'item/started' || method === 'item/completed') && params.item) onItem(method, params.item as Item);
      else if (method === 'thread/tokenUsage/updated') {
        const usage = params.tokenUsage as { total?: Record<string, unknown> } | undefined;
        state.total = asTotals(usage?.total) ?? state.total;
      } else if (method === 'error' && params.willRetry !== true) {
        if (!outcome.completion) state.failure = failureOfTurnError(params.error ?? {});
      } else if (method === 'turn/completed') {
        const turn = (params.turn ?? {}) as { status?: string; error?: { message?: string } | null };
        if (turn.status === 'failed' && !outcome.completion) state.failure ??= failureOfTurnError(turn.error ?? {});
        state.ended = true;
        turnDone();
      }
    };

    /** One approval Codex asks for, decided by the run's gate like any of Autoloop's own tool calls. */
    const decide = async (itemId: string, calls: ReadonlyArray<GatedCall>): Promise<'accept' | 'decline' | 'cancel'> => {
      for (const call of calls) {
        if (signal.aborted) return 'cancel';
        const verdict = await deps.gate.check(call.tool, call.input, iteration);
        if (signal.aborted) return 'cancel';
        if (verdict.allowed) continue;
        state.denied.any = true;
        state.denied.endTurn ||= verdict.endTurn;
        state.denied.stopRun ||= verdict.stopRun;
        state.denials.set(itemId, verdict.message);
        if (verdict.endTurn) {
          emit('notice', { message: `${call.tool.name}: ${verdict.message}; the turn was ended` });
          return 'cancel';
        }
        return 'decline';
      }
      return 'accept';
    };

    const onRequest = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
      const itemId = typeof params.itemId === 'string' ? params.itemId : '';
      switch (method) {
        case 'item/commandExecution/requestApproval': {
          const command = unwrapShellCommand(typeof params.command === 'string' ? params.command : '');
          return { decision: await decide(itemId, [gatedCallOf('Bash', { command })]) };
        }
        case 'item/fileChange/requestApproval': {
          const changes = state.items.get(itemId)?.changes ?? [];
          // Like Autoloop's own file tools: nothing outside the run's folders, whatever a rule or a person says.
          const outside = changes.map((change) => path.resolve(init.workdir, change.path)).find((file) => !insideRunFolders(file));
          if (outside !== undefined) {
            state.denied.any = true;
            state.denials.set(itemId, `refused: ${outside} is outside the run's working folder (${init.workdir}), its links followed`);
            return { decision: 'decline' };
          }
          const calls = changes.map((change) =>
            kindOf(change.kind) === 'add'
              ? gatedCallOf('Write', { file_path: change.path, content: change.diff ?? '' })
              : gatedCallOf('Edit', { file_path: change.path }),
          );
          // A change Autoloop cannot see is not approved blind.
          if (calls.length === 0) return { decision: 'decline' };
          return { decision: await decide(itemId, calls) };
        }
        default:
          // Questions to the person, elicitations, extra permissions, the v1 approvals: Autoloop does not grant them.
          throw new Error(`Autoloop does not answer ${method}`);
      }
    };

    if (homeProblem !== null) {
      current = null;
      const detail = `Codex could not start: its private home is unusable: ${homeProblem}`;
      const failure: Failure = { kind: 'internal', signature: 'codex:spawn_failed', message: detail };
      return {
        turn: { status: 'error', stopRun: false, summary: detail.slice(0, 400), failure, completion: null, messages: [] },
        replacedConversation: null,
        endRun: { reason: 'spawn_failed', detail },
      } satisfies IterationTurn;
    }
    const mcp = bridge ? await bridge : null;
    const args = codexArgs({ init, auth, sandboxMode });
    const launch = codexLaunch(init, deps.executable, args, {
      codexHome: home?.path ?? personalCodexHome(deps.env ?? process.env),
      writable: mcp ? [mcp.folder] : [],
    });
    const rpc = startCodexRpc({ file: launch.file, args: launch.args, cwd: init.workdir, env, onNotification, onRequest });
    // A stop ends the turn at once: the whole process group (Codex and every command it started) goes now.
    const onAbort = (): void => {
      turnDone();
      void rpc.kill();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let initialized = false;

    try {
      await rpc.request('initialize', { clientInfo: { name: 'autoloop', title: 'Autoloop', version: '1' }, capabilities: null });
      rpc.notify('initialized');
      initialized = true;
      // What Codex made of its home's config.toml (the person's, with their login) and the project's: their own MCP
      // servers would run outside the gate, so each thread turns them off.
      let effective: { config?: unknown };
      try {
        effective = await rpc.request<{ config?: unknown }>('config/read', { cwd: init.workdir });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new CodexConfigRefusal(
          `Codex could not read its configuration (${messageOf(error)}): fix config.toml in ${home?.path ?? personalCodexHome(deps.env ?? process.env)}, then resume the run.`,
        );
      }
      const configured = mcpServersOfConfig(effective.config);
      const ours = mcp?.servers ?? {};
      const clash = ourMcpServerProblem(configured, ours);
      if (clash !== null) throw new CodexConfigRefusal(clash);
      const off = Object.keys(configured).filter((name) => !(name in ours));
      if (off.length > 0 && !toldServersOff) {
        toldServersOff = true;
        emit('notice', {
          message: `Codex's own MCP servers (${off.map((name) => `"${name}"`).join(', ')}, from its config.toml) are off in this run: their calls would not go through the run's permissions. Add them in Settings → Tools to give them to a run.`,
        });
      }
      // No login and a model provider that needs one: say so now (Codex would retry its service for minutes, saying nothing).
      const signIn = await rpc.request<unknown>('account/read', {}).then(
        (answer) => codexSignInProblem(answer, home?.path ?? personalCodexHome(deps.env ?? process.env)),
        (error: unknown) => {
          // An older Codex without account/read: the turn tells.
          if (signal.aborted) throw error;
          return null;
        },
      );
      if (signIn !== null) throw new CodexNotSignedIn(signIn);
      // The thread's MCP servers are Autoloop's alone: the run's own, through the gate, and the config's turned off.
      const params = { ...codexThreadParams({ init, sandboxMode, developerInstructions }), config: { mcp_servers: threadMcpServers(configured, ours) } };
      if (threadId) {
        try {
          await rpc.request('thread/resume', { threadId, ...params, excludeTurns: true });
        } catch (error) {
          if (signal.aborted) throw error;
          emit('notice', { message: `Codex could not go on in thread ${threadId} (${messageOf(error)}): a new thread starts.` });
          threadId = null;
          totals = NO_TOKENS;
        }
      }
      if (!threadId) {
        const started = await rpc.request<{ thread: { id: string } }>('thread/start', params);
        threadId = started.thread.id;
      }
      state.threadId = threadId;
      const turnStarted = await rpc.request<{ turn?: { id?: string } }>('turn/start', { threadId, input: [{ type: 'text', text: prompt, text_elements: [] }] });
      const turnId = turnStarted.turn?.id;
      const startedThread = threadId;
      interrupt = () => {
        if (turnId) void rpc.request('turn/interrupt', { threadId: startedThread, turnId }).catch(() => undefined);
      };
      if (state.denied.endTurn) interrupt();
      const exit = await Promise.race([turnEnded.then(() => null), rpc.exited]);
      if (exit && !signal.aborted && !state.ended) {
        const how = exit.error ? messageOf(exit.error) : exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
        const tail = rpc.stderrTail();
        endRun = { reason: 'crash', detail: `Codex stopped in the middle of iteration ${iteration}: ${how}${tail ? `\nIts last output:\n${tail}` : ''}` };
      }
    } catch (error) {
      if (error instanceof CodexConfigRefusal && !signal.aborted) endRun = { reason: 'spawn_failed', detail: error.message };
      else if (error instanceof CodexNotSignedIn && !signal.aborted)
        state.failure = { kind: 'auth', signature: 'codex:auth', message: error.message, provider: 'codex' };
      else if (!signal.aborted) {
        const exit = await Promise.race([rpc.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 2_000).unref())]);
        const tail = rpc.stderrTail();
        const how = exit ? (exit.error ? messageOf(exit.error) : exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`) : messageOf(error);
        const said = `${how}${tail ? `\nIts last output:\n${tail}` : ''}`;
        if (!initialized) endRun = { reason: 'spawn_failed', detail: `Codex could not start: ${said}\n${UPDATE_HINT}` };
        else if (exit) endRun = { reason: 'crash', detail: `Codex stopped in the middle of iteration ${iteration}: ${said}` };
        else state.failure = classifyCodexFailure(messageOf(error));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      await rpc.kill();
      current = null;
    }
    if (endRun) state.failure = { kind: 'internal', signature: `codex:${endRun.reason}`, message: endRun.detail };
    // A turn a denial ended (in the MCP bridge) leaves calls Codex never finished: the log says they did not run.
    if (state.endedBy !== null) {
      for (const id of state.called) {
        const item = state.items.get(id);
        const call = item ? loggedCall(item) : null;
        if (state.answered.has(id) || !call) continue;
        emit('tool_result', { toolCallId: id, tool: call.tool, output: `not executed: ${state.endedBy}`, isError: true });
      }
    }

    if (state.total) {
      // Codex reports the thread's running totals (resumed turns included): the turn is the difference.
      const before = state.total.input < totals.input ? NO_TOKENS : totals;
      const usage = usageSince(state.total, before);
      totals = state.total;
      deps.send({
        type: 'usage',
        iteration,
        // Codex's input tokens include the cached ones, as Autoloop's do (DESIGN §8).
        inputTokens: usage.input,
        outputTokens: usage.output,
        cacheReadTokens: usage.cached,
        cacheWriteTokens: usage.cacheWrite,
        costUsd: null,
        model: usageModel,
      });
    }

    const promptMessage: ModelMessage = { role: 'user', content: prompt };
    const answer: ModelMessage = {
      role: 'assistant',
      content: state.finalText || '(no answer)',
      ...(threadId ? { providerOptions: { autoloopCodex: { threadId, totals } } } : {}),
    };
    let failure = state.failure;
    if (signal.aborted) failure = { kind: 'timeout', signature: 'aborted', message: 'the iteration was aborted' };
    // A turn the gate ended (cancel) is a denial, not a failure of Codex.
    if (state.denied.endTurn && failure?.kind !== 'timeout' && !endRun) failure = null;
    const turn: TurnResult = failure
      ? { status: 'error', stopRun: false, summary: `Failed: ${failure.message}`.slice(0, 400), failure, completion: null, messages: [promptMessage, answer] }
      : {
          status: state.denied.any ? 'denied' : 'ok',
          stopRun: state.denied.stopRun,
          summary: summarizeIteration(outcome.reportedSummary, state.finalText),
          completion: outcome.completion,
          messages: [promptMessage, answer],
        };
    if (failure) emit('error', { kind: failure.kind, message: failure.message });
    return { turn, replacedConversation: null, ...(endRun ? { endRun } : {}) } satisfies IterationTurn;
  }

  /** Ends the session: the MCP bridge goes. The private Codex home stays: the engine removes it when the run ends (not at a pause). */
  async function close(): Promise<void> {
    if (bridge) await (await bridge).close().catch(() => undefined);
  }

  return { runIteration, close };
}
