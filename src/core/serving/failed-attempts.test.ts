import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../logger';
import { createFailedAttempts } from './failed-attempts';

describe('failed token attempts', () => {
  it('block an address past the limit for the window only, per address, logging each failure and the block once', () => {
    let now = 1_000_000;
    const log = createMemoryLogger();
    const attempts = createFailedAttempts({ log, max: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i += 1) attempts.recordFailure('10.0.0.9', 'GET /');
    expect(attempts.isBlocked('10.0.0.9')).toBe(true);
    expect(attempts.isBlocked('10.0.0.8')).toBe(false);
    expect(log.lines.filter((line) => line.includes('refused GET / from 10.0.0.9'))).toHaveLength(3);
    expect(log.lines.filter((line) => line.includes('10.0.0.9 made 3 failed attempts'))).toHaveLength(1);
    now += 60_001;
    expect(attempts.isBlocked('10.0.0.9')).toBe(false);
  });
});
