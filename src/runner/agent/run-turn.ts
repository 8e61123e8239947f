import type { LanguageModelV3 } from '@ai-sdk/provider';
import { type LanguageModelUsage, type ModelMessage, stepCountIs, streamText } from 'ai';
import type { Failure, RunnerMessage } from '../../shared/protocol';
import { messageOf } from '../../shared/errors';
import type { PermissionGate } from '../permissions/permission-gate';
import type { CommandLauncher } from '../sandbox/command-launcher';
import type { AnyAgentTool, IterationOutcome, ToolContext } from '../tools/agent-tool';
import { truncateToolResults } from './compaction';
import { COMPACT_AT, type ContextMeter, createContextMeter } from './context-window';
import { type PromptCaching, cachedSystem, cachingProviderOptions, usesCacheBreakpoints } from './prompt-cache';
import { type PromptHistory, promptHistoryOf, withHistory } from './prompt-history';
import { CircuitOpenError, classifyFailure } from './provider-errors';
import { summarizeIteration } from './prompts';
import { type Resilience, type RetryNotice, withResilience } from './resilient-model';
import { type GateOutcome, toToolSet } from './tool-set';
import { usageMessage } from './usage-message';
import { createDeltaBatcher } from './delta-batcher';

export type TurnInput = Readonly<{
  model: LanguageModelV3;
  /** `<provider name>/<model>`, as usage and prices name it. */
  modelName: string;
  /** Retries and the circuit breaker of an HTTP provider (DESIGN §6); the scripted model plays its errors as they come. */
  resilience?: Resilience;
  /** The model's context window in tokens: past 70 % old tool results are shortened for the next step. */
  contextWindow?: number;
  /** Decides how full the context is from the provider's reports; it hears this turn's reports too. */
  meter?: ContextMeter;
  /** Provider prompt caching for the run (Anthropic breakpoints, OpenAI's cache key). */
  caching?: PromptCaching;
  system: string;
  history: ReadonlyArray<ModelMessage>;
  /** `history` already converted for the provider (the session keeps it); converted here when absent. */
  promptHistory?: PromptHistory;
  prompt: string;
  tools: ReadonlyArray<AnyAgentTool>;
  /** Starts the processes tools start, inside the run's sandbox. */
  launcher?: CommandLauncher;
  iteration: number;
  workdir: string;
  outputDir: string;
  maxSteps: number;
  repeatedToolCallLimit: number;
  /** Decides every tool call before it runs (DESIGN §7). */
  gate: PermissionGate;
  signal: AbortSignal;
  emit(message: RunnerMessage): void;
}>;

export type TurnResult = Readonly<{
  /** `denied`: the turn went on, but at least one tool call was denied. */
  status: 'ok' | 'error' | 'denied';
  /** A denial under `onDeny: stop`: the run must end as `permission_denied`. */
  stopRun: boolean;
  summary: string;
  failure?: Failure;
  completion: string | null;
  /** The messages this turn added to the conversation: the prompt and every response. */
  messages: ReadonlyArray<ModelMessage>;
}>;

export { usageMessage } from './usage-message';

/** What a person reads while a model call waits to be retried. */
export function describeRetry(notice: RetryNotice): string {
  return `${notice.reason}; retrying in ${Math.round(notice.delayMs / 100) / 10} s (retry ${notice.retry} of ${notice.maxRetries})`;
}

function sameCall(a: { toolName: string; input: unknown }, b: { toolName: string; input: unknown }): boolean {
  return a.toolName === b.toolName && JSON.stringify(a.input) === JSON.stringify(b.input);
}

/** True when the last `limit` tool calls of the turn were one and the same call. */
export function endsWithRepeatedCall(
  steps: ReadonlyArray<Readonly<{ toolCalls: ReadonlyArray<Readonly<{ toolName: string; input: unknown }>> }>>,
  limit: number,
): boolean {
  const calls = steps.flatMap((step) => step.toolCalls);
  if (calls.length < limit) return false;
  const tail = calls.slice(-limit);
  const first = tail[0];
  return first !== undefined && tail.every((call) => sameCall(call, first));
}

/** One agent turn: the model and its tools, until it answers without tool calls or a stop condition holds (DESIGN §6). */
export async function runTurn(input: TurnInput): Promise<TurnResult> {
  const outcome: IterationOutcome = { reportedSummary: null, completion: null };
  const context: ToolContext = {
    workdir: input.workdir,
    outputDir: input.outputDir,
    iteration: input.iteration,
    signal: input.signal,
    ...(input.launcher ? { launcher: input.launcher } : {}),
    outcome,
    permit: async (toolName, toolInput) => {
      const agentTool = input.tools.find((candidate) => candidate.name === toolName);
      if (agentTool === undefined) return `no tool named ${toolName}`;
      const verdict = await input.gate.check(agentTool, toolInput, input.iteration);
      return verdict.allowed ? null : verdict.message;
    },
    ruleNamesHost: (toolName, host) => input.gate.ruleNamesHost(toolName, host),
    isReadDenied: (relativePath) => input.gate.isReadDenied(relativePath),
  };
  const promptMessage: ModelMessage = { role: 'user', content: input.prompt };
  const emit = (kind: Extract<RunnerMessage, { type: 'event' }>['kind'], data: Record<string, unknown>): void =>
    input.emit({ type: 'event', iteration: input.iteration, kind, data });
  let repeatedCallStop = false;
  const gated: GateOutcome = { denied: false, endTurn: false, stopRun: false, deniedCalls: new Set() };
  let streamError: unknown = null;
  const provider = input.resilience?.provider ?? input.modelName.split('/')[0] ?? 'unknown';
  const failed = (failure: Failure): TurnResult => ({
    status: 'error',
    stopRun: gated.stopRun,
    summary: `Failed: ${failure.message}`.slice(0, 400),
    failure,
    completion: null,
    messages: [promptMessage],
  });

  // An open circuit: the provider rests, and this turn does not call it (the loop waits the cooldown out).
  const blockedForMs = input.resilience?.breaker.blockedForMs() ?? null;
  if (blockedForMs !== null) {
    const failure = classifyFailure(new CircuitOpenError(provider, blockedForMs), provider);
    emit('notice', { message: failure.message, kind: failure.kind, retryAfterMs: blockedForMs });
    return failed(failure);
  }
  const model = input.resilience
    ? withResilience(input.model, input.resilience, (notice) => emit('notice', { message: describeRetry(notice), retry: notice.retry }))
    : input.model;
  const { contextWindow, history } = input;
  const meter = input.meter ?? createContextMeter(false);
  // The SDK sees only this turn's messages; the history goes in front, converted once (see prompt-history.ts).
  const promptHistory = input.promptHistory ?? (await promptHistoryOf(history));
  const scripted = model.provider === 'scripted';
  const withPast = withHistory(model, promptHistory, { cacheBreakpoints: usesCacheBreakpoints(input.caching), scripted });
  const providerOptions = cachingProviderOptions(input.caching);
  // How many conversation messages each step sent, so a step's reported input tokens can be placed.
  const sentAtStep: number[] = [];
  const report = (step: number, usage: LanguageModelUsage): void => {
    const messageCount = sentAtStep[step];
    if (messageCount !== undefined && usage.inputTokens !== undefined) meter.reported({ inputTokens: usage.inputTokens, messageCount });
  };
  let finishedSteps = 0;

  const result = streamText({
    model: withPast,
    system: cachedSystem(input.system, input.caching),
    messages: [promptMessage],
    ...(providerOptions ? { providerOptions } : {}),
    tools: toToolSet(input.tools, context, input.gate, gated),
    abortSignal: input.signal,
    // Retries belong to the loop's own policy (DESIGN §6), not the SDK's.
    maxRetries: 0,
    stopWhen: [
      stepCountIs(input.maxSteps),
      () => outcome.completion !== null || gated.endTurn,
      ({ steps }) => (repeatedCallStop = endsWithRepeatedCall(steps, input.repeatedToolCallLimit)),
    ],
    // Within a turn the conversation can outgrow the window through tool results alone: shorten the old ones.
    prepareStep: ({ steps, stepNumber, messages }) => {
      const previous = steps.at(-1);
      if (previous) report(steps.length - 1, previous.usage);
      sentAtStep[stepNumber] = history.length + messages.length;
      if (contextWindow === undefined || meter.tokens(input.system, history, messages) <= contextWindow * COMPACT_AT) return undefined;
      return { messages: truncateToolResults(messages) };
    },
    onError: ({ error }) => {
      streamError = error;
    },
  });

  let finalText = '';
  const deltas = createDeltaBatcher((kind, text) => emit(kind, { text }));
  for await (const part of result.fullStream) {
    if (part.type !== 'text-delta' && part.type !== 'reasoning-delta') deltas.flush();
    switch (part.type) {
      case 'start-step':
        finalText = '';
        break;
      case 'text-delta':
        finalText += part.text;
        deltas.push('text', part.text);
        break;
      case 'reasoning-delta':
        deltas.push('reasoning', part.text);
        break;
      case 'tool-call':
        emit('tool_call', { toolCallId: part.toolCallId, tool: part.toolName, input: part.input });
        break;
      case 'tool-result':
        // A call the gate refused returns its denial as the result (the model reads why); the log marks it as not done.
        emit('tool_result', { toolCallId: part.toolCallId, tool: part.toolName, output: part.output, isError: gated.deniedCalls.has(part.toolCallId) });
        break;
      case 'tool-error':
        emit('tool_result', { toolCallId: part.toolCallId, tool: part.toolName, output: messageOf(part.error), isError: true });
        break;
      case 'finish-step':
        report(finishedSteps, part.usage);
        finishedSteps += 1;
        input.emit(usageMessage(input.iteration, part.usage, input.modelName));
        break;
      case 'error':
        streamError = part.error;
        break;
      // Not recorded: stream bookkeeping, partial tool input, and parts Autoloop's tools and prompts do not produce;
      // an abort is handled after the loop, through the signal.
      case 'start':
      case 'finish':
      case 'abort':
      case 'raw':
      case 'source':
      case 'file':
      case 'text-start':
      case 'text-end':
      case 'reasoning-start':
      case 'reasoning-end':
      case 'tool-input-start':
      case 'tool-input-delta':
      case 'tool-input-end':
      case 'tool-approval-request':
      case 'tool-output-denied':
        break;
    }
  }

  deltas.flush();
  if (input.signal.aborted) streamError ??= input.signal.reason;
  if (streamError !== null) {
    // A stop or timeout aborts the turn: that is not the provider's or the agent's failure.
    const failure: Failure = input.signal.aborted
      ? { kind: 'timeout', signature: 'aborted', message: 'the iteration was aborted' }
      : classifyFailure(
          streamError,
          provider,
          input.tools.map((agentTool) => agentTool.name),
        );
    // The loop aborts a turn only when the run is stopped: the log says so, not that something failed or timed out.
    if (input.signal.aborted) emit('notice', { message: 'The iteration was stopped before its turn ended; it is not kept, and a resume runs it again.' });
    else emit('error', { kind: failure.kind, message: failure.message, ...(failure.status ? { status: failure.status } : {}) });
    return failed(failure);
  }
  if (repeatedCallStop) {
    emit('notice', { message: `The same tool call was made ${input.repeatedToolCallLimit} times in a row; the turn was ended.` });
  }
  const response = await result.response;
  return {
    status: gated.denied ? 'denied' : 'ok',
    stopRun: gated.stopRun,
    summary: summarizeIteration(outcome.reportedSummary, finalText),
    completion: outcome.completion,
    messages: [promptMessage, ...response.messages],
  };
}
