import { spawn } from 'node:child_process';
import type { ModelMessage } from 'ai';
import { z } from 'zod';
import { messageOf } from '../../../shared/errors';
import type { Failure, InitMessage, RunnerMessage } from '../../../shared/protocol';
import { ModelOptions } from '../../../shared/providers';
import type { GateVerdict, PermissionGate } from '../../permissions/permission-gate';
import type { AnyAgentTool, IterationOutcome, ToolContext } from '../../tools/agent-tool';
import { hostAgentLaunch } from '../../sandbox/agent-launch';
import { stopProcessGroup, trackProcessGroup } from '../../tools/process-group';
import { buildIterationPrompt, buildSystemPrompt, summarizeIteration } from '../prompts';
import { withIterationNotes } from '../../loop/iteration-notes';
import type { TurnResult } from '../run-turn';
import { type IterationTurn, mcpUnavailableTurn } from '../../loop/agent-session';
import { CARRY_CONTEXT, type IterationContext } from '../../loop/iteration-context';
import {
  AUTOLOOP_MCP_SERVER,
  CLAUDE_CODE_DISALLOWED_TOOLS,
  type ClaudeCodeAuth,
  type ModelTotals,
  claudeCodeEnvironment,
  claudeCodeSandboxOf,
  gatedCallOf,
  mcpToolName,
  usageSince,
} from './claude-code-terms';

/** How much of Claude Code's stderr a failure quotes. */
const STDERR_TAIL_CHARS = 2_000;

const UPDATE_HINT =
  'Check that `claude --version` works in a terminal and is recent (Autoloop drives Claude Code 2.1 or later through the Agent SDK), then resume the run.';

export type ClaudeCodeSessionDeps = Readonly<{
  init: InitMessage;
  /** `report` and `complete` (the latter behind the verification gate when the run has one), served to Claude Code over MCP. */
  tools: ReadonlyArray<AnyAgentTool>;
  gate: PermissionGate;
  send(message: RunnerMessage): void;
  /** The person's `claude` (found on PATH); absent: the one the Agent SDK package carries. */
  executable?: string;
  /** The runner's environment, from which the clean agent environment is built. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The run's MCP servers' tools (`mcp__<server>__<tool>`, started by the runner): offered to Claude Code through
   * in-process proxies, one per server, each call through the permission gate. Absent: the run has none.
   */
  mcpTools?: ReadonlyArray<AnyAgentTool>;
  /** The typed failure when every MCP server of the run is down, else null (absent: the run has none). */
  mcpUnavailable?: () => Failure | null;
}>;

/** Where a session stands, kept in the checkpoint so a resumed run (after a pause or a crash) goes on in the same session. */
const SessionState = z.object({
  sessionId: z.string().min(1),
  totals: z.record(z.string(), z.object({ input: z.number(), output: z.number(), cacheRead: z.number(), cacheWrite: z.number(), costUsd: z.number() })),
});
type SessionState = z.infer<typeof SessionState>;

/** The last session state a checkpointed conversation holds, if any. */
export function sessionStateIn(messages: ReadonlyArray<Record<string, unknown>>): SessionState | null {
  for (const message of [...messages].reverse()) {
    const options = message.providerOptions as Record<string, unknown> | undefined;
    const parsed = SessionState.safeParse(options?.autoloopClaudeCode);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** How Claude Code signs in for this run: a key of the run's Anthropic provider when it has one, else the person's own login. */
export function claudeCodeAuthOf(init: InitMessage): ClaudeCodeAuth {
  if (init.model.provider !== 'anthropic') return { kind: 'login' };
  const options = ModelOptions.parse(init.model.options);
  const apiKey = init.secrets[options.providerName];
  if (!apiKey) return { kind: 'login' };
  return { kind: 'api_key', apiKey, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) };
}

/** The model Claude Code is asked to use: the run's model with an Anthropic provider, else Claude Code's own default. */
function modelOf(init: InitMessage): string | undefined {
  return init.model.provider === 'anthropic' ? init.model.id : undefined;
}

type ContentBlock = Readonly<{
  type: string;
  text?: string;
  thinking?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
}>;

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: { type?: string; text?: string }) => (part.type === 'text' ? (part.text ?? '') : `[${part.type ?? 'part'}]`)).join('\n');
}

/** The name a tool call is logged under: our MCP tools as themselves (`report`), Claude Code's as Claude Code names them. */
function loggedToolName(name: string): string {
  const prefix = `mcp__${AUTOLOOP_MCP_SERVER}__`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * Claude Code as the loop's agent (issue 23): one Agent SDK `query()` per iteration, resuming the previous iteration's
 * session. Its tool calls go through the run's permission gate (`canUseTool`); its messages become the run's events;
 * its usage, priced by Claude Code, feeds the run's accounting; `report` and `complete` reach it as MCP tools.
 */
export function createClaudeCodeSession(deps: ClaudeCodeSessionDeps) {
  const { init } = deps;
  const resumed = sessionStateIn(init.resume?.messages ?? []);
  let sessionId: string | null = resumed?.sessionId ?? null;
  let totals: Record<string, ModelTotals> = { ...(resumed?.totals ?? {}) };
  const system = buildSystemPrompt({ templateText: init.template.text, workdir: init.workdir, outputDir: init.outputDir, params: init.params });
  const auth = claudeCodeAuthOf(init);
  const env = claudeCodeEnvironment(deps.env ?? process.env, auth);
  const sandbox = claudeCodeSandboxOf(init.sandbox, { workdir: init.workdir, outputDir: init.outputDir });
  const byName = new Map(deps.tools.map((tool) => [tool.name, tool]));
  // A person's server called `autoloop` would shadow report and complete: the engine refuses it, and the runner leaves it out.
  const runMcpTools = (deps.mcpTools ?? []).filter((tool) => tool.mcp !== undefined && tool.mcp.server.toLowerCase() !== AUTOLOOP_MCP_SERVER);
  const runMcpByName = new Map(runMcpTools.map((tool) => [tool.name, tool]));
  if (runMcpTools.length < (deps.mcpTools ?? []).length) {
    const message = `The MCP server "${AUTOLOOP_MCP_SERVER}" was left out: that name serves Autoloop's report and complete in a Claude Code run.`;
    deps.send({ type: 'event', iteration: 0, kind: 'notice', data: { message, mcp: true } });
  }
  const ourToolNamed = (claudeName: string): AnyAgentTool | undefined =>
    claudeName === mcpToolName('report')
      ? byName.get('report')
      : claudeName === mcpToolName('complete')
        ? byName.get('complete')
        : runMcpByName.get(claudeName);

  async function runIteration(iteration: number, signal: AbortSignal, notes: string | null = null, iterationContext: IterationContext = CARRY_CONTEXT) {
    // Every MCP server of the run is down: the iteration fails without starting Claude Code, as for Autoloop's own agent.
    const mcpDown = mcpUnavailableTurn(iteration, deps.mcpUnavailable, deps.send);
    if (mcpDown !== null) return mcpDown;
    const sdk = await import('@anthropic-ai/claude-agent-sdk');
    // The MCP SDK's server side loads only in a run with MCP servers.
    const mcp = runMcpTools.length === 0 ? null : await import('./claude-code-mcp-proxy');
    const outcome: IterationOutcome = { reportedSummary: null, completion: null };
    const context: ToolContext = { workdir: init.workdir, outputDir: init.outputDir, iteration, signal, outcome };
    const emit = (kind: Extract<RunnerMessage, { type: 'event' }>['kind'], data: Record<string, unknown>): void =>
      deps.send({ type: 'event', iteration, kind, data });
    const mcpTool = (name: 'report' | 'complete', shape: z.ZodRawShape) => {
      const ours = byName.get(name);
      if (!ours) throw new Error(`the run has no ${name} tool`);
      return sdk.tool(name, ours.description, shape, async (args: unknown) => {
        try {
          return { content: [{ type: 'text' as const, text: await ours.execute(args, context) }] };
        } catch (error) {
          return { content: [{ type: 'text' as const, text: messageOf(error) }], isError: true };
        }
      });
    };
    const server = sdk.createSdkMcpServer({
      name: AUTOLOOP_MCP_SERVER,
      tools: [
        mcpTool('report', { summary: z.string().min(1).describe('What this iteration did, in one or two sentences.') }),
        mcpTool('complete', { reason: z.string().default('').describe('Why the program is complete.') }),
      ],
    });
    const denied = { any: false, endTurn: false, stopRun: false };
    const stderr: string[] = [];
    let pgid: number | null = null;
    const abort = new AbortController();
    const mcpPermits = mcp?.createMcpCallPermits();
    const refuse = (tool: AnyAgentTool, verdict: Extract<GateVerdict, { allowed: false }>): void => {
      denied.any = true;
      denied.endTurn ||= verdict.endTurn;
      denied.stopRun ||= verdict.stopRun;
      // Claude Code shows an interrupting denial to the model in its own words: the log keeps Autoloop's.
      if (verdict.endTurn) emit('notice', { message: `${tool.name}: ${verdict.message}; the turn was ended` });
    };
    const mcpProxies =
      mcp === null
        ? {}
        : mcp.claudeCodeMcpProxies({
            tools: runMcpTools,
            // A call ends with the iteration, and with a turn a denial ended.
            context: { ...context, signal: AbortSignal.any([signal, abort.signal]) },
            // The gate decided in canUseTool; should Claude Code ever run a call without asking, the gate decides here.
            authorize: async (tool, input) => {
              if (mcpPermits?.take(tool.name) === true) return null;
              const verdict = await deps.gate.check(tool, input, iteration);
              if (verdict.allowed) return null;
              refuse(tool, verdict);
              if (verdict.endTurn) abort.abort(new Error('a denial ended the turn'));
              return verdict.message;
            },
          });
    // A stop ends the turn at once: the SDK's own close waits for stdin EOF and a grace; the process group goes now.
    const onAbort = (): void => {
      abort.abort(signal.reason);
      if (pgid !== null) void stopProcessGroup(pgid).catch(() => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // The run's `context` mode: `carry` resumes the previous iteration's session; `summaries` and `fresh`
    // start a new one, `summaries` with the earlier iterations' reports before the iteration prompt.
    const iterationPrompt = withIterationNotes(buildIterationPrompt(iteration, init.params), notes);
    const prompt = iterationContext.opening === null ? iterationPrompt : `${iterationContext.opening}\n\n${iterationPrompt}`;
    const toolNames = new Map<string, string>();
    let finalText = '';
    let failure: Failure | null = null;
    let untrack: (() => void) | null = null;
    let started = false;
    let endRun: IterationTurn['endRun'];
    const resume = iterationContext.freshSession ? null : sessionId;
    if (iterationContext.freshSession) totals = {};

    const query = sdk.query({
      prompt,
      options: {
        cwd: init.workdir,
        env,
        abortController: abort,
        systemPrompt: system,
        // Neither the person's nor the project's Claude Code settings: the run's permissions decide, through canUseTool.
        settingSources: [],
        permissionMode: 'default',
        ...(sandbox
          ? {
              sandbox: {
                ...sandbox,
                filesystem: {
                  ...sandbox.filesystem,
                  allowWrite: [...sandbox.filesystem.allowWrite],
                  denyRead: [...sandbox.filesystem.denyRead],
                  denyWrite: [...sandbox.filesystem.denyWrite],
                },
                network: { allowedDomains: [...sandbox.network.allowedDomains] },
              },
            }
          : {}),
        ...(resume ? { resume } : {}),
        ...(modelOf(init) ? { model: modelOf(init) } : {}),
        mcpServers: { ...mcpProxies, [AUTOLOOP_MCP_SERVER]: server },
        disallowedTools: [...CLAUDE_CODE_DISALLOWED_TOOLS],
        maxTurns: init.loop.maxStepsPerIteration,
        ...(deps.executable ? { pathToClaudeCodeExecutable: deps.executable } : {}),
        canUseTool: async (toolName, input) => {
          // Our own MCP tools are judged as themselves, as when Autoloop's agent calls them.
          const ours = ourToolNamed(toolName);
          const call = ours ? { tool: ours, input } : gatedCallOf(toolName, input);
          const verdict = await deps.gate.check(call.tool, call.input, iteration);
          if (verdict.allowed) {
            if (runMcpByName.has(toolName)) mcpPermits?.grant(toolName);
            return { behavior: 'allow', updatedInput: input };
          }
          refuse(call.tool, verdict);
          return { behavior: 'deny', message: verdict.message, interrupt: verdict.endTurn };
        },
        // Claude Code runs in a process group of its own, so a stop kills it and everything it started.
        // On Linux inside Autoloop's bubblewrap: Claude Code's own Read/Grep/Glob and a trusted run's commands do not find the data folder.
        spawnClaudeCodeProcess: (options) => {
          const cwd = options.cwd ?? init.workdir;
          const launch = hostAgentLaunch(init.sandbox, cwd, options.command, options.args, [init.workdir, init.outputDir]);
          const child = spawn(launch.file, launch.args, {
            cwd,
            env: options.env,
            detached: true,
            stdio: ['pipe', 'pipe', 'pipe'],
          });
          child.stderr.on('data', (chunk: Buffer) => {
            stderr.push(chunk.toString('utf8'));
            if (stderr.length > 200) stderr.shift();
          });
          if (child.pid !== undefined) {
            pgid = child.pid;
            untrack = trackProcessGroup(child.pid);
          }
          child.once('exit', () => untrack?.());
          options.signal.addEventListener('abort', () => pgid !== null && void stopProcessGroup(pgid).catch(() => undefined), { once: true });
          return child;
        },
      },
    });

    try {
      for await (const message of query) {
        started = true;
        if ('session_id' in message && typeof message.session_id === 'string') sessionId = message.session_id;
        // Only what the log and the accounting need; Claude Code's other messages (status, progress, hooks) are its own business.
        if (message.type === 'assistant') {
          for (const block of message.message.content as ReadonlyArray<ContentBlock>) {
            if (block.type === 'text' && block.text) {
              finalText = block.text;
              emit('text', { text: block.text });
            } else if (block.type === 'thinking' && block.thinking) {
              emit('reasoning', { text: block.thinking });
            } else if (block.type === 'tool_use' && block.id && block.name) {
              toolNames.set(block.id, loggedToolName(block.name));
              emit('tool_call', { toolCallId: block.id, tool: loggedToolName(block.name), input: block.input ?? {} });
            }
          }
        } else if (message.type === 'user') {
          const content = message.message.content;
          for (const block of (Array.isArray(content) ? content : []) as ReadonlyArray<ContentBlock>) {
            if (block.type !== 'tool_result' || !block.tool_use_id) continue;
            emit('tool_result', {
              toolCallId: block.tool_use_id,
              tool: toolNames.get(block.tool_use_id) ?? 'unknown',
              output: resultText(block.content),
              isError: block.is_error === true,
            });
          }
        } else if (message.type === 'result') {
          const now: Record<string, ModelTotals> = {};
          for (const [model, usage] of Object.entries(message.modelUsage)) {
            now[model] = {
              input: usage.inputTokens,
              output: usage.outputTokens,
              cacheRead: usage.cacheReadInputTokens,
              cacheWrite: usage.cacheCreationInputTokens,
              costUsd: usage.costUSD,
            };
          }
          for (const usage of usageSince(now, totals)) {
            deps.send({
              type: 'usage',
              iteration,
              // Anthropic reports uncached input apart; Autoloop's input tokens include the cached part (DESIGN §8).
              inputTokens: usage.input + usage.cacheRead + usage.cacheWrite,
              outputTokens: usage.output,
              cacheReadTokens: usage.cacheRead,
              cacheWriteTokens: usage.cacheWrite,
              costUsd: usage.costUsd,
              model: `claude-code/${usage.model}`,
            });
          }
          totals = { ...totals, ...now };
          if (message.subtype === 'success' && !message.is_error) {
            if (message.result) finalText = message.result;
          } else if (!outcome.completion && !denied.endTurn) {
            const detail = message.subtype === 'success' ? message.result : `${message.subtype}: ${(message.errors ?? []).join('; ')}`;
            failure = classifyClaudeCodeFailure(detail, message.subtype === 'success' ? (message.api_error_status ?? undefined) : undefined);
          }
        }
      }
    } catch (error) {
      // A denial that ends the turn interrupts Claude Code, which then ends its query with an error: that is the turn ending as asked.
      // After an error result the SDK throws too ("Claude Code returned an error result: …"): the result already said what failed
      // (not signed in: `auth`, ending the run auth_failed), so that stands instead of a crash.
      const said = messageOf(error);
      if (!signal.aborted && !denied.endTurn && failure === null && classifyClaudeCodeFailure(said).kind === 'auth') {
        failure = classifyClaudeCodeFailure(said);
      } else if (!signal.aborted && !denied.endTurn && failure === null) {
        const tail = stderr.join('').trim().slice(-STDERR_TAIL_CHARS);
        const told = `${said}${tail ? `\nIts last output:\n${tail}` : ''}`;
        endRun = started
          ? { reason: 'crash', detail: `Claude Code stopped in the middle of iteration ${iteration}: ${told}` }
          : { reason: 'spawn_failed', detail: `Claude Code could not start: ${told}\n${UPDATE_HINT}` };
        failure = { kind: 'internal', signature: `claude-code:${endRun.reason}`, message: endRun.detail };
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      query.close();
      if (pgid !== null) await stopProcessGroup(pgid).catch(() => undefined);
      (untrack as (() => void) | null)?.();
    }

    const promptMessage: ModelMessage = { role: 'user', content: prompt };
    const answer: ModelMessage = {
      role: 'assistant',
      content: finalText || '(no answer)',
      ...(sessionId ? { providerOptions: { autoloopClaudeCode: { sessionId, totals } } } : {}),
    };
    if (signal.aborted) failure = { kind: 'timeout', signature: 'aborted', message: 'the iteration was aborted' };
    const turn: TurnResult = failure
      ? {
          status: 'error',
          stopRun: denied.stopRun,
          summary: `Failed: ${failure.message}`.slice(0, 400),
          failure,
          completion: null,
          messages: [promptMessage, answer],
        }
      : {
          status: denied.any ? 'denied' : 'ok',
          stopRun: denied.stopRun,
          summary: summarizeIteration(outcome.reportedSummary, finalText),
          completion: outcome.completion,
          messages: [promptMessage, answer],
        };
    if (failure) emit('error', { kind: failure.kind, message: failure.message });
    return { turn, replacedConversation: null, ...(endRun ? { endRun } : {}) } satisfies IterationTurn;
  }

  return { runIteration };
}

/** A typed failure from what Claude Code said when a turn failed: a refused key ends the run (`auth`), anything else counts toward the failure streak. */
export function classifyClaudeCodeFailure(detail: string, status?: number): Failure {
  const message = detail.trim().slice(0, 1_000) || 'Claude Code ended the turn with an error and said nothing more';
  if (status === 401 || status === 403 || /invalid api key|not logged in|please run \/login|authentication/i.test(message)) {
    return {
      kind: 'auth',
      signature: 'claude-code:auth',
      message: `Claude Code is not signed in or its key was refused: sign in by running \`claude\` in a terminal (then /login), or give the run a key (an Anthropic provider with a key in Settings → Providers, and a model of it), then start the run again. (${message})`,
      provider: 'claude-code',
      ...(status ? { status } : {}),
    };
  }
  return {
    kind: 'provider_error',
    signature: `claude-code:${status ?? message.slice(0, 80)}`,
    message,
    provider: 'claude-code',
    ...(status ? { status } : {}),
  };
}
