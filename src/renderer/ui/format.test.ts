import { describe, expect, it } from 'vitest';
import { formatSecondsTime, formatShortTime, formatTime } from './format';

describe('format', () => {
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

  it('shows slot times to the second, since slots may come due seconds apart', () => {
    const local = new Date(2026, 10, 26, 16, 24, 52).toISOString();
    expect(formatSecondsTime(local, 'en-US')).toMatch(/^11\/26\/26, 4:24:52\sPM$/);
    expect(formatSecondsTime(null)).toBe('—');
  });
});
