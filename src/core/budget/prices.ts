/** USD per million tokens. */
export type Price = Readonly<{ input: number; output: number; cacheRead?: number; cacheWrite?: number }>;

/** Known prices by `provider/model`. An unknown price makes the cost `null`, never 0 (DESIGN §8). */
const BUILTIN_PRICES: Readonly<Record<string, Price>> = {};

export type TokenUsage = Readonly<{ inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }>;

/** The cost of one model response, or null when the model's price is unknown. */
export function costOf(model: string, usage: TokenUsage): number | null {
  // The scripted model plays a file: it costs nothing.
  if (model.startsWith('scripted/')) return 0;
  const price = BUILTIN_PRICES[model];
  if (!price) return null;
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheReadTokens * (price.cacheRead ?? price.input) +
      usage.cacheWriteTokens * (price.cacheWrite ?? price.input)) /
    1_000_000
  );
}

/** Adds two costs where either may be unknown: unknown wins. */
export function addCost(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}
