import { describe, expect, it } from 'vitest';
import { formatBytes, formatCost, formatShortTime, formatTime, formatTokens } from './format';

describe('format', () => {
  it('groups token counts', () => {
    expect(formatTokens(1234567)).toBe('1,234,567');
  });

  it('shows an unknown price as unknown, never as $0', () => {
    expect(formatCost(null)).toBe('unknown');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.0042)).toBe('$0.0042');
    expect(formatCost(1.5)).toBe('$1.50');
  });

  it('shows a dash for a missing time and the raw text for an unreadable one', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('later')).toBe('later');
  });

  it('shows a short time with the date and minutes for table cells', () => {
    const local = new Date(2026, 10, 26, 16, 24, 52).toISOString();
    expect(formatShortTime(local, 'en-US')).toMatch(/^11\/26\/26, 4:24\sPM$/);
    expect(formatShortTime(null)).toBe('—');
    expect(formatShortTime('later')).toBe('later');
  });

  it('shows sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.0 MiB');
  });
});
