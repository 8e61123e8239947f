import { describe, expect, it } from 'vitest';
import { parseResumeLimits } from './run-control-commands';

describe('parseResumeLimits', () => {
  it('raises only the limits given', () => {
    expect(parseResumeLimits({})).toBeUndefined();
    expect(parseResumeLimits({ 'max-cost': '$10', 'max-duration': '2h' })).toEqual({ maxCostUsd: 10, maxDurationMs: 7_200_000 });
    expect(parseResumeLimits({ 'max-tokens': '200000', 'max-iterations': '30' })).toEqual({ maxTokens: 200_000, maxIterations: 30 });
  });
  it('refuses a bad value before anything is resumed', () => {
    expect(() => parseResumeLimits({ 'max-cost': 'more' })).toThrow('--max-cost must be an amount in US dollars');
  });
});
