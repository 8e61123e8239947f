import { describe, expect, it } from 'vitest';
import { CLOSED, DEFAULT_BREAKER_OPTIONS, admitCall, createCircuitBreaker, recordFailure, recordSuccess, releaseProbe } from './circuit-breaker';

const options = DEFAULT_BREAKER_OPTIONS;

function clock(start = 0) {
  const state = { now: start };
  return { state, breaker: createCircuitBreaker(options, () => state.now) };
}

describe('the circuit breaker state machine', () => {
  it('stays closed for 4 failures in a minute and opens on the 5th, for 120 s', () => {
    let state = CLOSED;
    for (const at of [0, 10_000, 20_000, 30_000]) state = recordFailure(state, at, options);
    expect(state.kind).toBe('closed');
    state = recordFailure(state, 40_000, options);
    expect(state).toEqual({ kind: 'open', until: 160_000 });
  });

  it('forgets failures older than the window', () => {
    let state = CLOSED;
    for (const at of [0, 10_000, 20_000, 30_000, 61_000]) state = recordFailure(state, at, options);
    expect(state).toEqual({ kind: 'closed', failures: [10_000, 20_000, 30_000, 61_000] });
  });

  it('refuses calls while open and says how long is left', () => {
    const open = { kind: 'open', until: 120_000 } as const;
    expect(admitCall(open, 30_000, options).admission).toEqual({ allowed: false, retryAfterMs: 90_000 });
  });

  it('lets exactly one probe through once the cooldown is over', () => {
    const open = { kind: 'open', until: 120_000 } as const;
    const first = admitCall(open, 120_000, options);
    expect(first.admission).toEqual({ allowed: true });
    expect(first.state).toEqual({ kind: 'half_open', probing: true });
    expect(admitCall(first.state, 121_000, options).admission).toEqual({ allowed: false, retryAfterMs: options.probeWaitMs });
  });

  it('closes after a good probe and reopens for a full cooldown after a failed one', () => {
    const probing = { kind: 'half_open', probing: true } as const;
    expect(recordSuccess(probing, 200_000)).toEqual(CLOSED);
    expect(recordFailure(probing, 200_000, options)).toEqual({ kind: 'open', until: 320_000 });
  });

  it('gives the probe back when its call ends without a verdict', () => {
    expect(releaseProbe({ kind: 'half_open', probing: true }, 0)).toEqual({ kind: 'half_open', probing: false });
  });

  it('keeps a closed circuit closed on success, failures and all', () => {
    const state = recordFailure(CLOSED, 0, options);
    expect(recordSuccess(state, 1)).toBe(state);
  });
});

describe('createCircuitBreaker', () => {
  it('runs the whole cycle on an injected clock: closed → open → half-open → closed', () => {
    const { state, breaker } = clock();
    for (let i = 0; i < 5; i += 1) {
      expect(breaker.admit()).toEqual({ allowed: true });
      breaker.failed();
      state.now += 1_000;
    }
    expect(breaker.state().kind).toBe('open');
    expect(breaker.blockedForMs()).toBe(119_000);
    state.now += 119_000;
    expect(breaker.state()).toEqual({ kind: 'half_open', probing: false });
    expect(breaker.blockedForMs()).toBeNull();
    expect(breaker.admit()).toEqual({ allowed: true });
    expect(breaker.admit()).toEqual({ allowed: false, retryAfterMs: 5_000 });
    breaker.succeeded();
    expect(breaker.state()).toEqual(CLOSED);
  });

  it('does not change its state when asked how long it is blocked', () => {
    const { state, breaker } = clock();
    for (let i = 0; i < 5; i += 1) breaker.failed();
    state.now += 120_000;
    expect(breaker.blockedForMs()).toBeNull();
    expect(breaker.blockedForMs()).toBeNull();
    expect(breaker.state()).toEqual({ kind: 'half_open', probing: false });
  });
});
