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
  it('honours a pause the person asked for before any budget', () => {
    expect(decideGate({ pauseRequested: 'user', usage: usage(0, 0), limits: {} })).toMatchObject({
      decision: 'pause',
      reason: 'user',
      detail: 'Paused by you',
    });
    expect(decideGate({ pauseRequested: 'approval_timeout', usage: usage(0, 0), limits: {} })).toMatchObject({ reason: 'approval_timeout' });
  });
});
