import { describe, expect, it } from 'vitest';
import { LIMIT_EXPECTED, limitText, parseLimit, parseMoney, roundUpNicely, suggestRaisedLimit } from './limit-text';

describe('parseMoney', () => {
  it('reads dollars with or without the sign', () => {
    expect(parseMoney('5')).toBe(5);
    expect(parseMoney('$5')).toBe(5);
    expect(parseMoney('$2.50')).toBe(2.5);
    expect(parseMoney('0.5')).toBe(0.5);
    expect(parseMoney('$.75')).toBe(0.75);
    expect(parseMoney(' 3 ')).toBe(3);
  });
  it('refuses anything else', () => {
    for (const bad of ['', '$', 'five', '-1', '$-1', '1e3', '5 USD', '€5', '1,000', 'Infinity']) expect(parseMoney(bad), bad).toBeNull();
  });
});

describe('parseLimit', () => {
  it('reads whole numbers, dollars and durations, and 0 as no limit', () => {
    expect(parseLimit('maxTokens', '50000')).toEqual({ ok: true, value: 50_000 });
    expect(parseLimit('maxIterations', '0')).toEqual({ ok: true, value: 0 });
    expect(parseLimit('maxCostUsd', '$2.50')).toEqual({ ok: true, value: 2.5 });
    expect(parseLimit('maxDurationMs', '1h30m')).toEqual({ ok: true, value: 5_400_000 });
    expect(parseLimit('maxDurationMs', '90s')).toEqual({ ok: true, value: 90_000 });
  });

  it('takes a bare number of a duration as minutes', () => {
    expect(parseLimit('maxDurationMs', '30')).toEqual({ ok: true, value: 1_800_000 });
    expect(parseLimit('maxDurationMs', '1.5')).toEqual({ ok: true, value: 90_000 });
  });

  it('gives no value for blank text', () => {
    expect(parseLimit('maxTokens', '  ')).toEqual({ ok: true, value: null });
  });

  it('says what a limit takes when the text is not one', () => {
    expect(parseLimit('maxTokens', '1.5')).toEqual({ ok: false, expected: LIMIT_EXPECTED.maxTokens });
    expect(parseLimit('maxIterations', '-3')).toEqual({ ok: false, expected: 'a whole number (0 means no limit)' });
    expect(parseLimit('maxCostUsd', 'free')).toEqual({ ok: false, expected: 'an amount in US dollars such as 5 or $2.50' });
    expect(parseLimit('maxDurationMs', 'forever')).toEqual({ ok: false, expected: 'a duration such as 90s, 15m or 2h' });
    expect(parseLimit('maxTokens', '9'.repeat(20)).ok).toBe(false);
  });

  it('says the bound, not "a whole number", to someone who typed a whole number too large to hold', () => {
    const expected = 'a whole number up to 9007199254740991 (0 means no limit)';
    expect(parseLimit('maxTokens', '9'.repeat(20))).toEqual({ ok: false, expected });
    expect(parseLimit('maxIterations', '9007199254740993')).toEqual({ ok: false, expected });
    expect(parseLimit('maxIterations', '9007199254740991')).toEqual({ ok: true, value: 9_007_199_254_740_991 });
  });
});

describe('limitText', () => {
  it('writes a limit back as it would be typed, durations in minutes, unlimited ones empty', () => {
    expect(limitText('maxTokens', 500)).toBe('500');
    expect(limitText('maxCostUsd', 0.25)).toBe('0.25');
    expect(limitText('maxCostUsd', 0)).toBe('');
    expect(limitText('maxIterations', undefined)).toBe('');
    expect(limitText('maxDurationMs', 90_000)).toBe('1.5');
    expect(parseLimit('maxDurationMs', limitText('maxDurationMs', 5_400_000))).toEqual({ ok: true, value: 5_400_000 });
  });
});

describe('suggestRaisedLimit', () => {
  it('suggests room for as much again, rounded up to a number people type', () => {
    expect(suggestRaisedLimit('maxTokens', 500, 500)).toBe(1_000);
    expect(suggestRaisedLimit('maxTokens', 100_000, 104_321)).toBe(250_000);
    expect(suggestRaisedLimit('maxTokens', 60_000, 60_000)).toBe(200_000);
    expect(suggestRaisedLimit('maxCostUsd', 5, 5.02)).toBe(20);
    expect(suggestRaisedLimit('maxCostUsd', 0.1, 0.1)).toBe(0.2);
    expect(suggestRaisedLimit('maxCostUsd', 0.15, 0.15)).toBe(0.5);
  });

  it('always suggests more than the limit reached', () => {
    for (const limit of [1, 3, 7, 99, 1_234, 0.01, 0.07, 2.5]) {
      expect(suggestRaisedLimit('maxCostUsd', limit, limit)).toBeGreaterThan(limit);
      expect(suggestRaisedLimit('maxTokens', Math.ceil(limit), Math.ceil(limit))).toBeGreaterThan(Math.ceil(limit));
    }
  });

  it('rounds up to 1, 2, 2.5 or 5 times a power of ten, without float noise', () => {
    expect([1, 1.2, 2.1, 3, 7, 0.3, 0.07, 120_000].map(roundUpNicely)).toEqual([1, 2, 2.5, 5, 10, 0.5, 0.1, 200_000]);
    expect(roundUpNicely(0)).toBe(0);
  });
});
