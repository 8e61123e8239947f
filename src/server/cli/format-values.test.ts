import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from './format-values';

const now = new Date('2025-03-10T12:00:00.000Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString();

describe('formatRelativeTime', () => {
  it('says how long ago as people do', () => {
    expect(formatRelativeTime(ago(3_000), now)).toBe('just now');
    expect(formatRelativeTime(ago(42_000), now)).toBe('42 s ago');
    expect(formatRelativeTime(ago(3 * 60_000 + 5_000), now)).toBe('3 min ago');
    expect(formatRelativeTime(ago(2 * 3_600_000), now)).toBe('2 h ago');
    expect(formatRelativeTime(ago(30 * 3_600_000), now)).toBe('yesterday');
    expect(formatRelativeTime(ago(3 * 86_400_000), now)).toBe('3 days ago');
    expect(formatRelativeTime(ago(40 * 86_400_000), now)).toBe('2025-01-29');
  });
  it('says how far ahead for times to come, and leaves what is not a time alone', () => {
    expect(formatRelativeTime(ago(-14 * 60_000), now)).toBe('in 14 min');
    expect(formatRelativeTime('whenever', now)).toBe('whenever');
  });
});
