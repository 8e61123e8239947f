import type { Limits, PauseReason } from '../../shared/records';

export type GateDecision = Readonly<{ decision: 'go' } | { decision: 'pause'; reason: PauseReason; detail: string }>;

export type GateInput = Readonly<{
  pauseRequested: boolean;
  usage: Readonly<{ tokens: number; costUsd: number | null }>;
  limits: Limits;
}>;

/** Whether the next iteration may start. Pure: the caller gathers usage, limits and the pause flag (DESIGN §8). */
export function decideGate(input: GateInput): GateDecision {
  if (input.pauseRequested) return { decision: 'pause', reason: 'user', detail: 'Paused by you' };
  const { maxTokens, maxCostUsd } = input.limits;
  if (maxTokens !== undefined && input.usage.tokens >= maxTokens) {
    return { decision: 'pause', reason: 'budget', detail: `Used ${input.usage.tokens} of ${maxTokens} tokens` };
  }
  if (maxCostUsd !== undefined && input.usage.costUsd !== null && input.usage.costUsd >= maxCostUsd) {
    return { decision: 'pause', reason: 'budget', detail: `Spent $${input.usage.costUsd.toFixed(2)} of $${maxCostUsd.toFixed(2)}` };
  }
  return { decision: 'go' };
}
