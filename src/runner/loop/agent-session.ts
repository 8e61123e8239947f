import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { ModelMessage } from 'ai';
import type { Failure, InitMessage, RunnerMessage } from '../../shared/protocol';
import { ModelOptions, SCRIPTED_PROVIDER } from '../../shared/providers';
import { breakerFor } from '../agent/circuit-breaker';
import { compactConversation } from '../agent/compact-conversation';
import { COMPACT_AT, contextWindowOf, createContextMeter, estimateTokens } from '../agent/context-window';
import { modelNameOf } from '../agent/load-model';
import { buildIterationPrompt, buildSystemPrompt } from '../agent/prompts';
import type { PromptCaching } from '../agent/prompt-cache';
import { type PromptHistory, appendToHistory, promptHistoryOf } from '../agent/prompt-history';
import { type Resilience, withResilience } from '../agent/resilient-model';
import { DEFAULT_RETRY_POLICY } from '../agent/retry-policy';
import { type TurnResult, runTurn, usageMessage } from '../agent/run-turn';
import type { PermissionGate } from '../permissions/permission-gate';
import type { CommandLauncher } from '../sandbox/command-launcher';
import type { AnyAgentTool } from '../tools/agent-tool';
import { type CompleteGate, withVerifiedComplete } from '../tools/complete';
import { CARRY_CONTEXT, type IterationContext } from './iteration-context';
import { withIterationNotes } from './iteration-notes';
import { parseResumedConversation } from './resumed-conversation';

export type SessionDeps = Readonly<{
  init: InitMessage;
  model: LanguageModelV3;
  tools: ReadonlyArray<AnyAgentTool>;
  launcher?: CommandLauncher;
  gate: PermissionGate;
  send(message: RunnerMessage): void;
  /** Overrides the provider's retries and breaker (tests: a tiny delay, a fake clock). */
  resilience?: Resilience;
  /** The run's verification gate, which `complete` must pass. */
  verify?: CompleteGate;
  /** The typed failure when every MCP server of the run is down (the iteration then fails without calling the model), else null. */
  mcpUnavailable?: () => Failure | null;
}>;

export type IterationTurn = Readonly<{
  turn: TurnResult;
  /**
   * What the checkpoint stores instead of appending the turn's messages (`replace: true`), else null: the whole
   * conversation after a compaction, and nothing at all for an iteration in a new conversation (a resume restores none).
   */
  replacedConversation: ReadonlyArray<ModelMessage> | null;
  /** An external agent that could not start (`spawn_failed`) or died in the middle of the turn (`crash`): the run ends. */
  endRun?: Readonly<{ reason: 'spawn_failed' | 'crash'; detail: string }>;
}>;

/**
 * The iteration's turn when every MCP server of the run is down (`unavailable` answers the failure), or null: the iteration
 * fails as `mcp_unavailable` with an error event, without asking the model. Shared by every agent that takes MCP servers.
 */
export function mcpUnavailableTurn(
  iteration: number,
  unavailable: (() => Failure | null) | undefined,
  send: (message: RunnerMessage) => void,
): IterationTurn | null {
  const down = unavailable?.() ?? null;
  if (down === null) return null;
  send({ type: 'event', iteration, kind: 'error', data: { kind: down.kind, message: down.message } });
  const turn: TurnResult = { status: 'error', stopRun: false, summary: `Failed: ${down.message}`.slice(0, 400), failure: down, completion: null, messages: [] };
  return { turn, replacedConversation: null };
}

/** Retries and a circuit breaker for HTTP providers; the scripted model plays its errors as written. */
export function resilienceFor(init: InitMessage): Resilience | undefined {
  if (init.model.provider === SCRIPTED_PROVIDER) return undefined;
  const { providerName } = ModelOptions.parse(init.model.options);
  return { provider: providerName, breaker: breakerFor(providerName), policy: DEFAULT_RETRY_POLICY };
}

/**
 * The agent's side of a run: the conversation across iterations, its compaction (DESIGN §6), and
 * one turn per iteration, tried once more after compaction when the provider says it is too long.
 */
export function createAgentSession(deps: SessionDeps) {
  const { init } = deps;
  // Only a carried conversation is restored: the other modes start a new one at every iteration.
  const conversation: ModelMessage[] = (init.context ?? 'carry') === 'carry' ? parseResumedConversation(init.resume?.messages ?? []) : [];
  const resilience = deps.resilience ?? resilienceFor(init);
  const modelName = modelNameOf(init.model);
  const override = ModelOptions.partial().parse(init.model.options).contextWindow;
  const contextWindow = contextWindowOf(init.model.id, override);
  // A script plays fixed responses: it is only asked for a summary when a test sets its window.
  const compactsAutomatically = init.model.provider !== SCRIPTED_PROVIDER || override !== undefined;
  const summarizer = resilience ? withResilience(deps.model, resilience) : deps.model;
  const tools = deps.verify ? withVerifiedComplete(deps.tools, deps.verify) : deps.tools;
  // The scripted model's reported tokens are the script's, not the prompt's: only the estimate measures its context.
  const meter = createContextMeter(init.model.provider !== SCRIPTED_PROVIDER);
  const caching: PromptCaching = { provider: init.model.provider, runId: init.runId };
  // The system prompt never changes during a run (prompt caching depends on it): built once.
  const system = buildSystemPrompt({ templateText: init.template.text, workdir: init.workdir, outputDir: init.outputDir, params: init.params });
  // The conversation converted for the provider, kept beside it (null: convert it all again, at start and after a compaction).
  let promptHistory: PromptHistory | null = null;

  async function compact(iteration: number, windowTokens: number, signal: AbortSignal): Promise<void> {
    const result = await compactConversation({ model: summarizer, system, messages: conversation, contextWindow: windowTokens, signal });
    conversation.splice(0, conversation.length, ...result.messages);
    promptHistory = null;
    meter.reset();
    deps.send({ type: 'event', iteration, kind: 'notice', data: { message: result.notice, compaction: true } });
    if (result.usage) deps.send(usageMessage(iteration, result.usage, modelName));
  }

  async function turn(iteration: number, signal: AbortSignal, notes: string | null): Promise<TurnResult> {
    promptHistory ??= await promptHistoryOf(conversation);
    return runTurn({
      model: deps.model,
      modelName,
      ...(resilience ? { resilience } : {}),
      ...(compactsAutomatically ? { contextWindow } : {}),
      meter,
      caching,
      system,
      history: conversation,
      promptHistory,
      // A verification failure and people's guidance open the prompt.
      prompt: withIterationNotes(buildIterationPrompt(iteration, init.params), notes),
      tools,
      ...(deps.launcher ? { launcher: deps.launcher } : {}),
      iteration,
      workdir: init.workdir,
      outputDir: init.outputDir,
      maxSteps: init.loop.maxStepsPerIteration,
      repeatedToolCallLimit: init.loop.repeatedToolCallLimit,
      gate: deps.gate,
      signal,
      emit: deps.send,
    });
  }

  return {
    /**
     * One iteration's turn, with compaction before it when the conversation passed 70 % of the window; `notes` open its prompt.
     * `context.freshSession`: the turn starts a new conversation (its `opening` first), which nothing compacts.
     */
    async runIteration(iteration: number, signal: AbortSignal, notes: string | null = null, context: IterationContext = CARRY_CONTEXT): Promise<IterationTurn> {
      if (context.freshSession) {
        conversation.splice(0, conversation.length, ...(context.opening === null ? [] : [{ role: 'user' as const, content: context.opening }]));
        promptHistory = null;
        meter.reset();
      }
      const compacts = compactsAutomatically && !context.freshSession;
      let compacted = false;
      const compactWithin = async (windowTokens: number): Promise<void> => {
        compacted = true;
        // An abort ends the compaction; the turn below then ends at once as aborted.
        await compact(iteration, windowTokens, signal).catch((error: unknown) => {
          if (!signal.aborted) throw error;
        });
      };
      const mcpDown = mcpUnavailableTurn(iteration, deps.mcpUnavailable, deps.send);
      if (mcpDown !== null) return mcpDown;
      if (compacts && meter.tokens(system, conversation) > contextWindow * COMPACT_AT) await compactWithin(contextWindow);
      let result = await turn(iteration, signal, notes);
      if (result.failure?.kind === 'context_overflow' && !signal.aborted && !context.freshSession && conversation.length > 0) {
        deps.send({
          type: 'event',
          iteration,
          kind: 'notice',
          data: { message: 'The provider said the conversation is too long: compacting it and trying once more.' },
        });
        // The provider knows better than the estimate: aim below what was just refused.
        await compactWithin(Math.min(contextWindow, estimateTokens(system, conversation)));
        result = await turn(iteration, signal, notes);
      }
      if (context.freshSession) return { turn: result, replacedConversation: [] };
      conversation.push(...result.messages);
      if (promptHistory !== null) await appendToHistory(promptHistory, result.messages);
      return { turn: result, replacedConversation: compacted ? [...conversation] : null };
    },
  };
}
