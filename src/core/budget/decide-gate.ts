import { formatCost, formatTokens } from '../../shared/format';
import { type Limits, type PauseReason, activeLimit, describePauseReason } from '../../shared/records';

export type GateDecision = Readonly<{ decision: 'go' } | { decision: 'pause'; reason: PauseReason; detail: string }>;

export type GateInput = Readonly<{
  /** A pause someone (or an approval timeout) asked for; it wins over every budget. */
  pauseRequested: PauseReason | null;
  usage: Readonly<{ tokens: number; costUsd: number | null }>;
  limits: Limits;
  /** Usage of the current UTC day across all runs, and its limits (null: unlimited). */
  daily?: Readonly<{ day: string; tokens: number; costUsd: number }>;
  dailyLimits?: Readonly<{ dailyMaxTokens: number | null; dailyMaxCostUsd: number | null }>;
}>;

/** Whether the next iteration may start. Pure: the caller gathers usage, limits and the pause flag (DESIGN §8). */
export function decideGate(input: GateInput): GateDecision {
  if (input.pauseRequested) return { decision: 'pause', reason: input.pauseRequested, detail: describePauseReason(input.pauseRequested) };
  const maxTokens = activeLimit(input.limits.maxTokens);
  const maxCostUsd = activeLimit(input.limits.maxCostUsd);
  if (maxTokens !== null && input.usage.tokens >= maxTokens) {
    return { decision: 'pause', reason: 'budget', detail: `Used ${formatTokens(input.usage.tokens)} of ${formatTokens(maxTokens)} tokens` };
  }
  // Fail closed: a cost limit over usage of unknown cost cannot say the run is under it.
  if (maxCostUsd !== null && input.usage.costUsd === null) {
    return {
      decision: 'pause',
      reason: 'budget',
      detail:
        `The cost limit ($${maxCostUsd.toFixed(2)}) cannot be checked: the run used a model without a known price. Add its price in settings or ` +
        `resume with a token limit instead`,
    };
  }
  if (maxCostUsd !== null && input.usage.costUsd !== null && input.usage.costUsd >= maxCostUsd) {
    return { decision: 'pause', reason: 'budget', detail: `Spent ${formatCost(input.usage.costUsd)} of ${formatCost(maxCostUsd)}` };
  }
  const { daily } = input;
  const dailyTokens = activeLimit(input.dailyLimits?.dailyMaxTokens);
  const dailyCost = activeLimit(input.dailyLimits?.dailyMaxCostUsd);
  if (daily && dailyTokens !== null && daily.tokens >= dailyTokens) {
    return {
      decision: 'pause',
      reason: 'budget',
      detail: `Used ${formatTokens(daily.tokens)} of ${formatTokens(dailyTokens)} tokens today (${daily.day}, UTC)`,
    };
  }
  if (daily && dailyCost !== null && daily.costUsd >= dailyCost) {
    return { decision: 'pause', reason: 'budget', detail: `Spent ${formatCost(daily.costUsd)} of ${formatCost(dailyCost)} today (${daily.day}, UTC)` };
  }
  return { decision: 'go' };
}
