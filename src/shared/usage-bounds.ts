/**
 * Bounds on the numbers a model's usage report can add. A response reporting 2^53
 * tokens once made every run list fail (the totals stopped being safe integers, which the schemas
 * refuse) and left the day's usage absurd. One response may report at most these; totals stop
 * growing at the caps below, far above any real use and far below Number.MAX_SAFE_INTEGER.
 */

/** The most tokens of one kind one model response may report: fifty times the largest context window on sale. */
export const MAX_TOKENS_PER_RESPONSE = 100_000_000;
/** The most one model response may report it cost, in dollars. */
export const MAX_COST_PER_RESPONSE_USD = 100_000;
/** Where token totals (per iteration, per run, per day) stop growing. */
export const MAX_TOKENS_TOTAL = 1_000_000_000_000_000;
/** Where cost totals stop growing, in dollars. */
export const MAX_COST_TOTAL_USD = 1_000_000_000_000;

/** A token total that is always a safe integer between 0 and MAX_TOKENS_TOTAL (stored data from before the bound too). */
export function boundedTokens(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(Math.max(0, Math.trunc(value)), MAX_TOKENS_TOTAL);
}

/** Two token counts added, saturating at MAX_TOKENS_TOTAL. */
export function addTokens(total: number, more: number): number {
  return boundedTokens(total + more);
}

/** A cost total between 0 and MAX_COST_TOTAL_USD. */
export function boundedCost(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(Math.max(0, value), MAX_COST_TOTAL_USD);
}
