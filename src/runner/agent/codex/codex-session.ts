import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ModelMessage } from 'ai';
import { z } from 'zod';
import { messageOf } from '../../../shared/errors';
import type { Failure, InitMessage, RunnerMessage } from '../../../shared/protocol';
import type { AnyAgentTool, IterationOutcome } from '../../tools/agent-tool';
import { stopProcessGroup, trackProcessGroup } from '../../tools/process-group';
import { buildIterationPrompt, buildSystemPrompt, summarizeIteration } from '../prompts';
import { withIterationNotes } from '../../loop/iteration-notes';
import type { TurnResult } from '../run-turn';
import type { IterationTurn } from '../../loop/agent-session';
import { CARRY_CONTEXT, type IterationContext } from '../../loop/iteration-context';
import { codexArgs, codexAuthOf, codexEnvironment, codexSandboxOf, codexUsageModel } from './codex-terms';
import type { CodexMcpBridge } from './codex-mcp-bridge';

/** How much of Codex's stderr a failure quotes. */
const STDERR_TAIL_CHARS = 2_000;

const UPDATE_HINT =
  'Check that `codex --version` works in a terminal and that `codex login` was done (or choose an openai provider with a key), then resume the run.';

export type CodexSessionDeps = Readonly<{
  init: InitMessage;
  /** `report` and `complete` (the latter behind the verification gate when the run has one). */
  tools: ReadonlyArray<AnyAgentTool>;
  send(message: RunnerMessage): void;
  /** The `codex` binary to start (the person's on PATH, else the npm package's). */
  executable: string;
  /** The runner's environment, from which the clean agent environment is built. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Serves `report` and `complete` to Codex over MCP; absent: the final message is the summary. */
  mcp?: (context: () => Readonly<{ iteration: number; signal: AbortSignal; outcome: IterationOutcome }>) => Promise<CodexMcpBridge>;
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

type Item = Readonly<{
  id: string;
  type: string;
  text?: string;
  command?: string;
  aggregated_output?: string;
  exit_code?: number;
  status?: string;
  changes?: ReadonlyArray<{ path: string; kind: string }>;
  server?: string;
  tool?: string;
  arguments?: unknown;
  result?: { content?: ReadonlyArray<{ type: string; text?: string }> };
  error?: { message: string } | null;
  query?: string;
  message?: string;
}>;

type CodexEvent = Readonly<{
  type: string;
  thread_id?: string;
  item?: Item;
  usage?: { input_tokens: number; cached_input_tokens: number; cache_write_input_tokens?: number; output_tokens: number };
  error?: { message: string };
  message?: string;
}>;

/** A Codex item as the tool call Autoloop logs: commands are `bash`, patches `edit_file`, MCP tools by their own name. */
function loggedCall(item: Item): Readonly<{ tool: string; input: unknown }> | null {
  switch (item.type) {
    case 'command_execution':
      return { tool: 'bash', input: { command: item.command ?? '' } };
    case 'file_change':
      return { tool: 'edit_file', input: { changes: item.changes ?? [] } };
    case 'mcp_tool_call':
      return { tool: item.server === 'autoloop' ? (item.tool ?? 'unknown') : `${item.server ?? 'mcp'}:${item.tool ?? 'unknown'}`, input: item.arguments ?? {} };
    case 'web_search':
      return { tool: 'web_search', input: { query: item.query ?? '' } };
    default:
      return null;
  }
}

function loggedResult(item: Item): Readonly<{ output: string; isError: boolean }> {
  switch (item.type) {
    case 'command_execution':
      return {
        output: `${item.aggregated_output ?? ''}${item.exit_code !== undefined ? `\n[exit ${item.exit_code}]` : ''}`,
        isError: item.status === 'failed' || (item.exit_code ?? 0) !== 0,
      };
    case 'file_change':
      return { output: (item.changes ?? []).map((change) => `${change.kind} ${change.path}`).join('\n'), isError: item.status === 'failed' };
    case 'mcp_tool_call':
      return {
        output: item.error?.message ?? (item.result?.content ?? []).map((part) => (part.type === 'text' ? (part.text ?? '') : `[${part.type}]`)).join('\n'),
        isError: item.status === 'failed' || Boolean(item.error),
      };
    default:
      return { output: '', isError: item.status === 'failed' };
  }
}

/** A typed failure from what Codex said when a turn failed: a refused key or a missing login ends the run (`auth`). */
export function classifyCodexFailure(detail: string): Failure {
  const message = detail.trim().slice(0, 1_000) || 'Codex ended the turn with an error and said nothing more';
  if (/401|403|unauthorized|invalid api key|not logged in|codex login|authentication/i.test(message)) {
    return {
      kind: 'auth',
      signature: 'codex:auth',
      message: `Codex is not signed in or its key was refused: run \`codex login\`, or choose an openai provider with a key. (${message})`,
      provider: 'codex',
    };
  }
  return { kind: 'provider_error', signature: `codex:${message.slice(0, 80)}`, message, provider: 'codex' };
}

/**
 * Codex as the loop's agent (issue 23): one `codex exec --experimental-json` turn per iteration on a thread kept across
 * iterations (`resume <thread>`), the protocol `@openai/codex-sdk` speaks, spawned here so the turn runs in a process
 * group of its own that a stop kills. Its items become the run's events; each turn's usage is booked under the run's
 * model and priced by the engine's price table.
 */
export function createCodexSession(deps: CodexSessionDeps) {
  const { init } = deps;
  const resumed = codexThreadIn(init.resume?.messages ?? []);
  let threadId: string | null = resumed?.threadId ?? null;
  let totals: ThreadTotals = resumed?.totals ?? NO_TOKENS;
  const developerInstructions = buildSystemPrompt({ templateText: init.template.text, workdir: init.workdir, outputDir: init.outputDir, params: init.params });
  const auth = codexAuthOf(init);
  const env = codexEnvironment(deps.env ?? process.env, auth);
  const sandboxMode = codexSandboxOf(init);
  const usageModel = codexUsageModel(init);
  let current: { iteration: number; signal: AbortSignal; outcome: IterationOutcome } | null = null;
  const bridge = deps.mcp
    ? deps.mcp(() => {
        if (!current) throw new Error('no iteration is running');
        return current;
      })
    : null;

  async function runIteration(iteration: number, signal: AbortSignal, notes: string | null = null, iterationContext: IterationContext = CARRY_CONTEXT) {
    const outcome: IterationOutcome = { reportedSummary: null, completion: null };
    current = { iteration, signal, outcome };
    const emit = (kind: Extract<RunnerMessage, { type: 'event' }>['kind'], data: Record<string, unknown>): void =>
      deps.send({ type: 'event', iteration, kind, data });
    const iterationPrompt = withIterationNotes(buildIterationPrompt(iteration, init.params), notes);
    const prompt = iterationContext.opening === null ? iterationPrompt : `${iterationContext.opening}\n\n${iterationPrompt}`;
    if (iterationContext.freshSession) {
      threadId = null;
      totals = NO_TOKENS;
    }
    const mcp = bridge ? await bridge : null;
    const args = codexArgs({ init, auth, sandboxMode, developerInstructions, threadId, config: mcp?.config ?? [] });
    const stderr: string[] = [];
    const called = new Set<string>();
    let finalText = '';
    let failure: Failure | null = null;
    let endRun: IterationTurn['endRun'];
    let started = false;
    let turnEnded = false;

    const child = spawn(deps.executable, args, { cwd: init.workdir, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const pgid = child.pid ?? null;
    const untrack = pgid !== null ? trackProcessGroup(pgid) : null;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal }));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk.toString('utf8'));
      if (stderr.length > 200) stderr.shift();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(prompt);
    // A stop ends the turn at once: the whole process group (Codex and every command it started) goes now.
    const onAbort = (): void => {
      if (pgid !== null) void stopProcessGroup(pgid).catch(() => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });

    try {
      for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
        let event: CodexEvent;
        try {
          event = JSON.parse(line) as CodexEvent;
        } catch {
          continue;
        }
        started = true;
        if (event.type === 'thread.started' && event.thread_id) threadId = event.thread_id;
        else if ((event.type === 'item.started' || event.type === 'item.completed') && event.item) {
          const item = event.item;
          const call = loggedCall(item);
          if (call && !called.has(item.id)) {
            called.add(item.id);
            emit('tool_call', { toolCallId: item.id, tool: call.tool, input: call.input });
          }
          if (event.type !== 'item.completed') continue;
          if (call) emit('tool_result', { toolCallId: item.id, tool: call.tool, ...loggedResult(item) });
          else if (item.type === 'agent_message' && item.text) {
            finalText = item.text;
            emit('text', { text: item.text });
          } else if (item.type === 'reasoning' && item.text) emit('reasoning', { text: item.text });
          else if (item.type === 'error' && item.message) emit('notice', { message: `Codex: ${item.message}` });
        } else if (event.type === 'turn.completed' && event.usage) {
          turnEnded = true;
          // Codex reports the thread's running totals (resumed turns included): the turn is the difference.
          const now: ThreadTotals = {
            input: event.usage.input_tokens,
            cached: event.usage.cached_input_tokens,
            cacheWrite: event.usage.cache_write_input_tokens ?? 0,
            output: event.usage.output_tokens,
          };
          const usage = usageSince(now, totals);
          totals = now;
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
        } else if (event.type === 'turn.failed' || event.type === 'error') {
          turnEnded = true;
          if (!outcome.completion) failure = classifyCodexFailure(event.error?.message ?? event.message ?? '');
        }
      }
      const exit = await exited;
      if (!signal.aborted && (exit.error || exit.code !== 0 || exit.signal) && !failure) {
        const tail = stderr.join('').trim().slice(-STDERR_TAIL_CHARS);
        const how = exit.error ? messageOf(exit.error) : exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
        const said = `${how}${tail ? `\nIts last output:\n${tail}` : ''}`;
        endRun =
          started && !turnEnded
            ? { reason: 'crash', detail: `Codex stopped in the middle of iteration ${iteration}: ${said}` }
            : { reason: 'spawn_failed', detail: `Codex could not start: ${said}\n${UPDATE_HINT}` };
        if (started && turnEnded) endRun = undefined;
        failure = endRun ? { kind: 'internal', signature: `codex:${endRun.reason}`, message: endRun.detail } : classifyCodexFailure(said);
      }
    } catch (error) {
      if (!signal.aborted) {
        endRun = { reason: 'crash', detail: `Codex stopped in the middle of iteration ${iteration}: ${messageOf(error)}` };
        failure = { kind: 'internal', signature: 'codex:crash', message: endRun.detail };
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (pgid !== null) await stopProcessGroup(pgid).catch(() => undefined);
      untrack?.();
      current = null;
    }

    const promptMessage: ModelMessage = { role: 'user', content: prompt };
    const answer: ModelMessage = {
      role: 'assistant',
      content: finalText || '(no answer)',
      ...(threadId ? { providerOptions: { autoloopCodex: { threadId, totals } } } : {}),
    };
    if (signal.aborted) failure = { kind: 'timeout', signature: 'aborted', message: 'the iteration was aborted' };
    const turn: TurnResult = failure
      ? { status: 'error', stopRun: false, summary: `Failed: ${failure.message}`.slice(0, 400), failure, completion: null, messages: [promptMessage, answer] }
      : {
          status: 'ok',
          stopRun: false,
          summary: summarizeIteration(outcome.reportedSummary, finalText),
          completion: outcome.completion,
          messages: [promptMessage, answer],
        };
    if (failure) emit('error', { kind: failure.kind, message: failure.message });
    return { turn, replacedConversation: null, ...(endRun ? { endRun } : {}) } satisfies IterationTurn;
  }

  async function close(): Promise<void> {
    if (bridge) await (await bridge).close().catch(() => undefined);
  }

  return { runIteration, close };
}
