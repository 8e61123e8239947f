import { describe, expect, it } from 'vitest';
import { decideGate } from './decide-gate';

const usage = (tokens: number, costUsd: number | null) => ({ tokens, costUsd });

describe('decideGate', () => {
  it('goes when no limit is set', () => {
    expect(decideGate({ pauseRequested: null, usage: usage(10_000, 50), limits: {} })).toEqual({ decision: 'go' });
  });
  it('pauses when used reaches the limit, not before', () => {
    expect(decideGate({ pauseRequested: null, usage: usage(499, 0), limits: { maxTokens: 500 } }).decision).toBe('go');
    expect(decideGate({ pauseRequested: null, usage: usage(500, 0), limits: { maxTokens: 500 } })).toMatchObject({ decision: 'pause', reason: 'budget' });
    expect(decideGate({ pauseRequested: null, usage: usage(0, 5), limits: { maxCostUsd: 5 } })).toMatchObject({
      decision: 'pause',
      reason: 'budget',
      detail: 'Spent $5.00 of $5.00',
    });
  });
  it('says the token counts grouped, as every surface prints them', () => {
    expect(decideGate({ pauseRequested: null, usage: usage(12_006, 0), limits: { maxTokens: 10_000 } })).toMatchObject({
      detail: 'Used 12,006 of 10,000 tokens',
    });
    const daily = { day: '2026-12-06', tokens: 1_500_000, costUsd: 0 };
    expect(
      decideGate({ pauseRequested: null, usage: usage(0, 0), limits: {}, daily, dailyLimits: { dailyMaxTokens: 1_000_000, dailyMaxCostUsd: null } }),
    ).toMatchObject({
      detail: 'Used 1,500,000 of 1,000,000 tokens today (2026-12-06, UTC)',
    });
  });
  it('honours a pause the person asked for before any budget', () => {
    expect(decideGate({ pauseRequested: 'user', usage: usage(0, 0), limits: {} })).toMatchObject({
      decision: 'pause',
      reason: 'user',
      detail: 'Paused by you',
    });
    expect(decideGate({ pauseRequested: 'approval_timeout', usage: usage(0, 0), limits: {} })).toMatchObject({ reason: 'approval_timeout' });
  });
});
