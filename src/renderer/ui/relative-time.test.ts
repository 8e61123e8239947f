import { describe, expect, it } from 'vitest';
import { formatAgo, formatSpan, timeOf } from './relative-time';

const NOW = Date.parse('2026-12-05T12:00:00Z');

describe('formatAgo', () => {
  it('says how long ago, short', () => {
    expect(formatAgo(NOW - 10_000, NOW)).toBe('just now');
    expect(formatAgo(NOW - 12 * 60_000, NOW)).toBe('12m ago');
    expect(formatAgo(NOW - 3 * 3_600_000, NOW)).toBe('3h ago');
    expect(formatAgo(NOW - 5 * 86_400_000, NOW)).toBe('5d ago');
    expect(formatAgo(NOW + 60_000, NOW)).toBe('just now');
    expect(formatAgo(null, NOW)).toBe('—');
  });
});

describe('formatSpan and timeOf', () => {
  it('gives spans from seconds to hours, and reads ISO times', () => {
    expect(formatSpan(NOW - 45_000, NOW)).toBe('45s');
    expect(formatSpan(NOW - 245_000, NOW)).toBe('4m 05s');
    expect(formatSpan(NOW - 7_380_000, NOW)).toBe('2h 03m');
    expect(formatSpan(NOW - 3 * 86_400_000 - 4 * 3_600_000, NOW)).toBe('3d 04h');
    expect(formatSpan(null, NOW)).toBe('—');
    expect(timeOf('2026-12-05T12:00:00Z')).toBe(NOW);
    expect(timeOf('not a time')).toBeNull();
    expect(timeOf(null)).toBeNull();
  });
});
