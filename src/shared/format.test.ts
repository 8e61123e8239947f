import { describe, expect, it } from 'vitest';
import { formatBytes, formatCacheTokens, formatCost, formatTokens, formatTokensShort } from './format';

describe('formatTokens', () => {
  it('groups long counts and shortens them where space is short', () => {
    expect(formatTokens(1234567)).toBe('1,234,567');
    expect(formatTokens(12_345)).toBe('12,345');
    expect(formatTokensShort(950)).toBe('950');
    expect(formatTokensShort(9_974)).toBe('10.0k');
    expect(formatTokensShort(123_456)).toBe('123k');
    expect(formatTokensShort(4_500_000)).toBe('4.5M');
  });
});

describe('formatCost', () => {
  it('shows an unknown price as unknown, never as $0', () => {
    expect(formatCost(null)).toBe('unknown');
    expect(formatCost(0)).toBe('$0.00');
  });

  it('shows cents, and up to four decimals below ten cents', () => {
    expect(formatCost(0.5)).toBe('$0.50');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatCost(0.0042)).toBe('$0.0042');
    expect(formatCost(0.01234)).toBe('$0.0123');
    expect(formatCost(0.0421)).toBe('$0.0421');
    expect(formatCost(0.05)).toBe('$0.05');
    expect(formatCost(0.042)).toBe('$0.042');
    expect(formatCost(0.00001)).toBe('$0.00');
  });
});

describe('formatBytes', () => {
  it('shows sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.0 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});

describe('formatCacheTokens', () => {
  it('gives the read and written tokens and the share of input read from cache', () => {
    expect(formatCacheTokens({ inputTokens: 20_000, cacheReadTokens: 18_000, cacheWriteTokens: 1_200 })).toBe(
      '18,000 read, 1,200 written (90% of input from cache)',
    );
  });

  it('says none were reported rather than 0%', () => {
    expect(formatCacheTokens({ inputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0 })).toBe('none reported');
  });
});
