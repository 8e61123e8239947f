import { describe, expect, it } from 'vitest';
import { addCost, costOf, priceOf, undatedModelId, unpricedCostLimit } from './prices';

const usage = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
});

describe('costOf', () => {
  it('prices input and output per million tokens', () => {
    // claude-sonnet-4-5: $3 in, $15 out.
    expect(costOf('anthropic/claude-sonnet-4-5', usage(1_000_000, 100_000))).toBeCloseTo(3 + 1.5, 10);
    // gpt-4o-mini: $0.15 in, $0.60 out.
    expect(costOf('openai/gpt-4o-mini', usage(2_000_000, 1_000_000))).toBeCloseTo(0.3 + 0.6, 10);
  });

  it('charges cached tokens at their own price and not again as input', () => {
    // 1M input of which 600k read from the cache and 100k written to it: 300k × $3 + 600k × $0.30 + 100k × $3.75.
    expect(costOf('anthropic/claude-sonnet-4-5', usage(1_000_000, 0, 600_000, 100_000))).toBeCloseTo(0.9 + 0.18 + 0.375, 10);
    // gpt-4.1: cached input $0.50 instead of $2.
    expect(costOf('openai/gpt-4.1', usage(1_000_000, 0, 500_000))).toBeCloseTo(1 + 0.25, 10);
  });

  it('knows the families whatever the provider is called', () => {
    expect(costOf('work-claude/claude-haiku-4-5', usage(1_000_000, 1_000_000))).toBeCloseTo(1 + 5, 10);
    expect(costOf('openai/o4-mini', usage(1_000_000, 1_000_000))).toBeCloseTo(1.1 + 4.4, 10);
    expect(costOf('openai/gpt-5', usage(1_000_000, 1_000_000))).toBeCloseTo(1.25 + 10, 10);
    expect(costOf('anthropic/claude-opus-4-1', usage(1_000_000, 0))).toBeCloseTo(15, 10);
  });

  it('matches dated snapshots to their family', () => {
    expect(costOf('anthropic/claude-sonnet-4-5-20250929', usage(1_000_000, 0))).toBeCloseTo(3, 10);
    expect(costOf('anthropic/claude-3-5-haiku-latest', usage(1_000_000, 0))).toBeCloseTo(0.8, 10);
    expect(costOf('openai/gpt-4.1-mini-2025-04-14', usage(1_000_000, 0))).toBeCloseTo(0.4, 10);
  });

  it('keeps an older snapshot its own price when it had one', () => {
    expect(costOf('openai/gpt-4o-2024-05-13', usage(1_000_000, 0))).toBeCloseTo(5, 10);
    expect(costOf('openai/gpt-4o-2024-08-06', usage(1_000_000, 0))).toBeCloseTo(2.5, 10);
  });

  it('is null, never 0, for a model without a price', () => {
    expect(costOf('local/llama3.1:8b', usage(1_000, 1_000))).toBeNull();
    expect(costOf('anthropic/claude-unknown-9', usage(1_000, 1_000))).toBeNull();
  });

  it('costs nothing for the scripted model', () => {
    expect(costOf('scripted/demo-counter', usage(1_000, 1_000))).toBe(0);
  });

  it('takes a settings override first, for the model as the run stores it or its undated form', () => {
    const overrides = { 'local/llama3.1:8b': { input: 0.1, output: 0.2 }, 'anthropic/claude-sonnet-4-5': { input: 1, output: 2, cacheRead: 0.5 } };
    expect(costOf('local/llama3.1:8b', usage(1_000_000, 1_000_000), overrides)).toBeCloseTo(0.3, 10);
    expect(costOf('anthropic/claude-sonnet-4-5-20250929', usage(1_000_000, 1_000_000, 1_000_000), overrides)).toBeCloseTo(0.5 + 2, 10);
    // An override for one provider's name does not change another's.
    expect(costOf('work/claude-sonnet-4-5', usage(1_000_000, 0), overrides)).toBeCloseTo(3, 10);
  });
});

describe('priceOf and undatedModelId', () => {
  it('strip Anthropic and OpenAI snapshot dates and -latest', () => {
    expect(undatedModelId('claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5');
    expect(undatedModelId('gpt-4o-2024-08-06')).toBe('gpt-4o');
    expect(undatedModelId('claude-3-7-sonnet-latest')).toBe('claude-3-7-sonnet');
    expect(undatedModelId('gpt-4.1')).toBe('gpt-4.1');
  });

  it('finds no price for an unknown model', () => {
    expect(priceOf('x/y')).toBeNull();
  });
});

describe('addCost', () => {
  it('adds known costs and lets an unknown one win', () => {
    expect(addCost(1, 2)).toBe(3);
    expect(addCost(null, 2)).toBeNull();
    expect(addCost(1, null)).toBeNull();
  });
});

describe('unpricedCostLimit', () => {
  it('refuses a cost limit on a model without a price, and nothing else', () => {
    expect(unpricedCostLimit('local/mystery', 2)).toMatch(
      /^A cost limit \(\$2\.00\) needs the model's price, and local\/mystery has none: set a token limit instead/,
    );
    expect(unpricedCostLimit('local/mystery', 2, { 'local/mystery': { input: 1, output: 1 } })).toBeNull();
    expect(unpricedCostLimit('anthropic/claude-sonnet-4-5', 2)).toBeNull();
    expect(unpricedCostLimit('scripted//tmp/x.json', 2)).toBeNull();
    expect(unpricedCostLimit('local/mystery', 0)).toBeNull();
    expect(unpricedCostLimit('local/mystery', undefined)).toBeNull();
  });
});
