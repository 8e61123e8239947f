import { describe, expect, it } from 'vitest';
import { choiceFlag, durationFlag, moneyFlag, parseMoney, positiveIntFlag } from './flag-values';

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

describe('flag values', () => {
  it('are undefined when the flag is absent', () => {
    expect(moneyFlag('--max-cost', undefined)).toBeUndefined();
    expect(positiveIntFlag('--max-tokens', undefined)).toBeUndefined();
    expect(durationFlag('--interval', undefined)).toBeUndefined();
    expect(choiceFlag('--profile', undefined, ['ask'])).toBeUndefined();
  });
  it('parse durations such as 90s, 15m and 2h into milliseconds', () => {
    expect(durationFlag('--max-duration', '90s')).toBe(90_000);
    expect(durationFlag('--max-duration', '15m')).toBe(900_000);
    expect(durationFlag('--max-duration', '2h')).toBe(7_200_000);
  });
  it('say which flag is wrong and what it takes', () => {
    expect(() => moneyFlag('--max-cost', 'lots')).toThrow('--max-cost must be an amount in US dollars such as 5 or $2.50, not "lots"');
    expect(() => positiveIntFlag('--max-tokens', '1.5')).toThrow('--max-tokens must be a whole number above 0, not "1.5"');
    expect(() => positiveIntFlag('--max-tokens', '-3')).toThrow('--max-tokens must be a whole number above 0');
    expect(() => durationFlag('--max-duration', '2 weeks')).toThrow('--max-duration must be a duration such as 90s, 15m or 2h, not "2 weeks"');
    expect(() => choiceFlag('--profile', 'root', ['ask', 'trusted'])).toThrow('--profile must be one of ask, trusted, not "root"');
  });
});
