import { describe, expect, it } from 'vitest';
import { choiceFlag, durationFlag, limitFlag, limitFlags } from './flag-values';

describe('flag values', () => {
  it('are undefined when the flag is absent', () => {
    expect(limitFlag('--max-cost', 'maxCostUsd', undefined)).toBeUndefined();
    expect(limitFlag('--max-tokens', 'maxTokens', undefined)).toBeUndefined();
    expect(durationFlag('--interval', undefined)).toBeUndefined();
    expect(choiceFlag('--profile', undefined, ['ask'])).toBeUndefined();
  });
  it('parse durations such as 90s, 15m and 2h into milliseconds', () => {
    expect(durationFlag('--approval-timeout', '90s')).toBe(90_000);
    expect(limitFlag('--max-duration', 'maxDurationMs', '15m')).toBe(900_000);
    expect(limitFlag('--max-duration', 'maxDurationMs', '2h')).toBe(7_200_000);
  });
  it('read every limit flag with the rules the window’s forms use', () => {
    expect(limitFlags({ 'max-cost': '$2.50', 'max-tokens': '50000', 'max-iterations': '0', 'max-duration': '30' })).toEqual({
      maxCostUsd: 2.5,
      maxTokens: 50_000,
      maxIterations: 0,
      maxDurationMs: 1_800_000,
    });
    expect(limitFlags({})).toEqual({});
  });
  it('say which flag is wrong and what it takes', () => {
    expect(() => limitFlag('--max-cost', 'maxCostUsd', 'lots')).toThrow('--max-cost must be an amount in US dollars such as 5 or $2.50, not "lots"');
    expect(() => limitFlag('--max-tokens', 'maxTokens', '1.5')).toThrow('--max-tokens must be a whole number (0 means no limit), not "1.5"');
    expect(() => limitFlag('--max-tokens', 'maxTokens', '-3')).toThrow('--max-tokens must be a whole number');
    expect(() => limitFlag('--max-duration', 'maxDurationMs', '2 weeks')).toThrow('--max-duration must be a duration such as 90s, 15m or 2h, not "2 weeks"');
    expect(() => durationFlag('--interval', 'soon')).toThrow('--interval must be a duration such as 90s, 15m or 2h, not "soon"');
    expect(() => choiceFlag('--profile', 'root', ['ask', 'trusted'])).toThrow('--profile must be one of ask, trusted, not "root"');
  });
});
