import type { LanguageModelUsage } from 'ai';
import type { RunnerMessage } from '../../shared/protocol';

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
