import { describe, expect, it } from 'vitest';
import { FIRST_LINK_STATE, type LinkEvent, type LinkState, linkStateWords, nextLinkState, retryDelayMs } from './link-state';

const run = (events: ReadonlyArray<LinkEvent>, from: LinkState = FIRST_LINK_STATE): LinkState => events.reduce(nextLinkState, from);
const unreachable: LinkEvent = { type: 'failed', kind: 'unreachable', reason: 'ECONNREFUSED' };

describe('the remote engine link state', () => {
  it('waits 1 s, doubling up to a minute, between failed attempts', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    const afterThree = run([unreachable, { type: 'attempt' }, unreachable, { type: 'attempt' }, unreachable]);
    expect(afterThree).toEqual({ status: 'lost', reason: 'ECONNREFUSED', retryInMs: 4_000, failedAttempts: 3 });
  });

  it('starts the backoff over once connected, and a drop waits the first step', () => {
    const connected = run([unreachable, { type: 'attempt' }, unreachable, { type: 'attempt' }, { type: 'opened' }]);
    expect(connected).toEqual({ status: 'connected', reason: null, retryInMs: null, failedAttempts: 0 });
    expect(nextLinkState(connected, { type: 'dropped', reason: 'closed (1006)' })).toEqual({
      status: 'lost',
      reason: 'closed (1006)',
      retryInMs: 1_000,
      failedAttempts: 1,
    });
  });

  it('stays refused whatever happens next: no retry', () => {
    const refused = run([{ type: 'failed', kind: 'refused', reason: 'refused the token (HTTP 401)' }]);
    expect(refused.status).toBe('refused');
    expect(refused.retryInMs).toBeNull();
    expect(run([{ type: 'attempt' }, { type: 'opened' }, unreachable], refused)).toBe(refused);
  });

  it('says the state in words', () => {
    expect(linkStateWords(FIRST_LINK_STATE)).toBe('connecting…');
    expect(linkStateWords(run([{ type: 'opened' }]))).toBe('connected');
    expect(linkStateWords(run([unreachable, { type: 'attempt' }, unreachable]))).toBe('connection lost, trying again in 2 s: ECONNREFUSED');
    expect(linkStateWords(run([{ type: 'failed', kind: 'refused', reason: 'HTTP 401' }]))).toBe('refused: HTTP 401');
  });
});
