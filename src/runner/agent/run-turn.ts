import type { LanguageModelV3 } from '@ai-sdk/provider';
import { type LanguageModelUsage, type ModelMessage, type ToolSet, stepCountIs, streamText, tool } from 'ai';
import type { Failure, RunnerMessage } from '../../shared/protocol';
import { messageOf } from '../../shared/errors';
import type { PermissionGate } from '../permissions/permission-gate';
import type { CommandLauncher } from '../sandbox/command-launcher';
import type { AnyAgentTool, IterationOutcome, ToolContext } from '../tools/agent-tool';
import { truncateToolResults } from './compaction';
import { needsCompaction } from './context-window';
import { CircuitOpenError, classifyFailure } from './provider-errors';
import { summarizeIteration } from './prompts';
import { type Resilience, type RetryNotice, withResilience } from './resilient-model';

export type TurnInput = Readonly<{
  model: LanguageModelV3;
  /** `<provider name>/<model>`, as usage and prices name it. */
  modelName: string;
  /** Retries and the circuit breaker of an HTTP provider (DESIGN §6); the scripted model plays its errors as they come. */
  resilience?: Resilience;
  /** The model's context window in tokens: past 70 % old tool results are shortened for the next step. */
  contextWindow?: number;
  system: string;
  history: ReadonlyArray<ModelMessage>;
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

/** The `usage` message for one model response; the engine prices it (DESIGN §8). */
export function usageMessage(iteration: number, usage: LanguageModelUsage, model: string): RunnerMessage {
  return {
    type: 'usage',
    iteration,
    inputTokens: usage.inputTokens ?? 0,
    outputTokens: usage.outputTokens ?? 0,
    cacheReadTokens: usage.inputTokenDetails?.cacheReadTokens ?? 0,
    cacheWriteTokens: usage.inputTokenDetails?.cacheWriteTokens ?? 0,
    costUsd: null,
    model,
  };
}

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

/** What the permission gate did during a turn. */
type GateOutcome = { denied: boolean; endTurn: boolean; stopRun: boolean };

function toToolSet(tools: ReadonlyArray<AnyAgentTool>, context: ToolContext, gate: PermissionGate, gated: GateOutcome): ToolSet {
  return Object.fromEntries(
    tools.map((agentTool) => [
      agentTool.name,
      tool({
        description: agentTool.description,
        inputSchema: agentTool.inputSchema,
        execute: async (input: unknown) => {
          // Refused at the tool boundary, before the gate or a person has to read it.
          const refusal = agentTool.refuse?.(input) ?? null;
          if (refusal !== null) throw new Error(refusal);
          const verdict = await gate.check(agentTool, input, context.iteration);
          if (verdict.allowed) return agentTool.execute(input, context);
          // A denial is the tool's result: the model reads it and the loop goes on (DESIGN §7).
          gated.denied = true;
          gated.endTurn ||= verdict.endTurn;
          gated.stopRun ||= verdict.stopRun;
          return verdict.message;
        },
      }),
    ]),
  );
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
  const gated: GateOutcome = { denied: false, endTurn: false, stopRun: false };
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
  const { contextWindow } = input;

  const result = streamText({
    model,
    system: input.system,
    messages: [...input.history, promptMessage],
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
    prepareStep: ({ messages }) =>
      contextWindow !== undefined && needsCompaction(input.system, messages, contextWindow) ? { messages: truncateToolResults(messages) } : undefined,
    onError: ({ error }) => {
      streamError = error;
    },
  });

  let finalText = '';
  for await (const part of result.fullStream) {
    switch (part.type) {
      case 'start-step':
        finalText = '';
        break;
      case 'text-delta':
        finalText += part.text;
        emit('text', { text: part.text });
        break;
      case 'reasoning-delta':
        emit('reasoning', { text: part.text });
        break;
      case 'tool-call':
        emit('tool_call', { toolCallId: part.toolCallId, tool: part.toolName, input: part.input });
        break;
      case 'tool-result':
        emit('tool_result', { toolCallId: part.toolCallId, tool: part.toolName, output: part.output, isError: false });
        break;
      case 'tool-error':
        emit('tool_result', { toolCallId: part.toolCallId, tool: part.toolName, output: messageOf(part.error), isError: true });
        break;
      case 'finish-step':
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

  if (input.signal.aborted) streamError ??= input.signal.reason;
  if (streamError !== null) {
    // A stop or timeout aborts the turn: that is not the provider's or the agent's failure.
    const failure: Failure = input.signal.aborted
      ? { kind: 'timeout', signature: 'aborted', message: 'the iteration was aborted' }
      : classifyFailure(streamError, provider);
    emit('error', { kind: failure.kind, message: failure.message, ...(failure.status ? { status: failure.status } : {}) });
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
