import type { Price } from '../../shared/providers';

export type { Price };

const anthropic = (input: number, output: number): Price => ({ input, output, cacheRead: input / 10, cacheWrite: input * 1.25 });
const openai = (input: number, output: number, cacheRead?: number): Price => ({ input, output, ...(cacheRead === undefined ? {} : { cacheRead }) });

/**
 * List prices in USD per million tokens by model id, whatever the provider is called, as published
 * by Anthropic and OpenAI (standard tier, prompts under any long-context surcharge). A model that
 * is not here costs `null`, never 0 (DESIGN §8); settings override any entry per `provider/model`.
 */
const BUILTIN_PRICES: Readonly<Record<string, Price>> = {
  // Anthropic: cache reads at 0.1× input, 5-minute cache writes at 1.25× input.
  'claude-opus-4-5': anthropic(5, 25),
  'claude-opus-4-1': anthropic(15, 75),
  'claude-opus-4-0': anthropic(15, 75),
  'claude-opus-4': anthropic(15, 75),
  'claude-sonnet-4-5': anthropic(3, 15),
  'claude-sonnet-4-0': anthropic(3, 15),
  'claude-sonnet-4': anthropic(3, 15),
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-3-7-sonnet': anthropic(3, 15),
  'claude-3-5-sonnet': anthropic(3, 15),
  'claude-3-5-haiku': anthropic(0.8, 4),
  'claude-3-opus': anthropic(15, 75),
  'claude-3-haiku': { input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },
  // OpenAI: cached input as published; no separate charge for writing the cache.
  'gpt-5': openai(1.25, 10, 0.125),
  'gpt-5.1': openai(1.25, 10, 0.125),
  'gpt-5-codex': openai(1.25, 10, 0.125),
  'gpt-5-mini': openai(0.25, 2, 0.025),
  'gpt-5-nano': openai(0.05, 0.4, 0.005),
  'gpt-5-pro': openai(15, 120),
  'gpt-4.1': openai(2, 8, 0.5),
  'gpt-4.1-mini': openai(0.4, 1.6, 0.1),
  'gpt-4.1-nano': openai(0.1, 0.4, 0.025),
  'gpt-4o': openai(2.5, 10, 1.25),
  'gpt-4o-2024-05-13': openai(5, 15),
  'gpt-4o-mini': openai(0.15, 0.6, 0.075),
  o3: openai(2, 8, 0.5),
  'o3-pro': openai(20, 80),
  'o3-mini': openai(1.1, 4.4, 0.55),
  'o4-mini': openai(1.1, 4.4, 0.275),
  o1: openai(15, 60, 7.5),
  'o1-mini': openai(1.1, 4.4, 0.55),
};

export type TokenUsage = Readonly<{
  /** Every input token of the response, cached ones included (the AI SDK's `inputTokens`). */
  inputTokens: number;
  outputTokens: number;
  /** The part of `inputTokens` read from the provider's prompt cache. */
  cacheReadTokens: number;
  /** The part of `inputTokens` written to the provider's prompt cache. */
  cacheWriteTokens: number;
}>;

/** A model id without its snapshot date or `-latest`: claude-sonnet-4-5-20250929 → claude-sonnet-4-5, gpt-4o-2024-08-06 → gpt-4o. */
export function undatedModelId(id: string): string {
  return id
    .replace(/-latest$/, '')
    .replace(/-\d{8}$/, '')
    .replace(/-\d{4}-\d{2}-\d{2}$/, '');
}

/** The price of a `provider/model`: a settings override first, then the built-in table; dated ids match their family. */
export function priceOf(model: string, overrides: Readonly<Record<string, Price>> = {}): Price | null {
  const slash = model.indexOf('/');
  const provider = slash > 0 ? model.slice(0, slash) : '';
  const id = slash > 0 ? model.slice(slash + 1) : model;
  const undated = undatedModelId(id);
  return overrides[model] ?? overrides[`${provider}/${undated}`] ?? BUILTIN_PRICES[id] ?? BUILTIN_PRICES[undated] ?? null;
}

/** The cost of one model response in USD, or null when the model's price is unknown. */
export function costOf(model: string, usage: TokenUsage, overrides: Readonly<Record<string, Price>> = {}): number | null {
  // The scripted model plays a file: it costs nothing.
  if (model.startsWith('scripted/')) return 0;
  const price = priceOf(model, overrides);
  if (!price) return null;
  const uncached = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  return (
    (uncached * price.input +
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

/**
 * Why a run may not start with these limits on this model, or null: a cost limit on a model without a known price
 * could never be checked, so it would not limit anything. The scripted model costs nothing.
 */
export function unpricedCostLimit(model: string, maxCostUsd: number | null | undefined, overrides: Readonly<Record<string, Price>> = {}): string | null {
  if (maxCostUsd === undefined || maxCostUsd === null || maxCostUsd <= 0) return null;
  if (model.startsWith('scripted/') || priceOf(model, overrides) !== null) return null;
  return (
    `A cost limit ($${maxCostUsd.toFixed(2)}) needs the model's price, and ${model} has none: set a token limit instead (maxTokens, --max-tokens), ` +
    `or add the model's price in Settings → Prices`
  );
}
