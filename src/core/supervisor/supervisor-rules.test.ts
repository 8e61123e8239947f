import { describe, expect, it } from 'vitest';
import { livenessAction } from './liveness';
import { restartDelayMs, shouldRestart } from './restart-policy';
import { type ExitFacts, decideOutcome } from './run-outcome';

const facts = (overrides: Partial<ExitFacts> = {}): ExitFacts => ({
  exit: { code: 0, signal: null, stderrTail: '' },
  exitMessage: null,
  stopReason: null,
  stopDetail: null,
  ladderStep: null,
  gatePause: null,
  pauseOnExit: false,
  unresponsive: false,
  ...overrides,
});

describe('restartDelayMs', () => {
  it('doubles from the base up to the cap: 1, 2, 4, 5, 5 with cap 5 and no jitter', () => {
    const options = { baseMs: 1_000, capMs: 5_000, jitterMs: 0 };
    expect([0, 1, 2, 3, 4].map((attempt) => restartDelayMs(attempt, options))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });
  it('keeps jitter within ±jitterMs', () => {
    const options = { baseMs: 1_000, capMs: 60_000, jitterMs: 500 };
    expect(restartDelayMs(0, options, () => 0)).toBe(500);
    expect(restartDelayMs(0, options, () => 0.999_999)).toBe(1_500);
    for (let i = 0; i < 200; i += 1) {
      const delay = restartDelayMs(2, options);
      expect(delay).toBeGreaterThanOrEqual(3_500);
      expect(delay).toBeLessThanOrEqual(4_500);
    }
  });
  it('honours maxRestarts and the none policy', () => {
    expect(shouldRestart({ policy: 'on-crash', maxRestarts: 2 }, 1)).toBe(true);
    expect(shouldRestart({ policy: 'on-crash', maxRestarts: 2 }, 2)).toBe(false);
    expect(shouldRestart({ policy: 'none', maxRestarts: 5 }, 0)).toBe(false);
  });
});

describe('livenessAction', () => {
  const options = { silenceMs: 30_000, pongTimeoutMs: 10_000 };
  it('pings a runner silent for 30 s and kills it when no pong comes in 10 s', () => {
    expect(livenessAction({ lastHeardAt: 0, pingSentAt: null }, 29_999, options)).toBe('none');
    expect(livenessAction({ lastHeardAt: 0, pingSentAt: null }, 30_000, options)).toBe('ping');
    expect(livenessAction({ lastHeardAt: 0, pingSentAt: 30_000 }, 39_999, options)).toBe('none');
    expect(livenessAction({ lastHeardAt: 0, pingSentAt: 30_000 }, 40_000, options)).toBe('kill');
  });
});

describe('decideOutcome', () => {
  const at = '2026-11-26T12:00:00.000Z';
  it('records an exit without an exit message as a crash, never as a clean stop', () => {
    const outcome = decideOutcome(facts({ exit: { code: 1, signal: null, stderrTail: 'TypeError: boom' } }), at);
    expect(outcome).toMatchObject({ status: 'ended', stopReason: 'crash', endedAt: at });
    expect(outcome.detail).toContain('exit code 1, signal none');
    expect(outcome.detail).toContain('TypeError: boom');
  });
  it('takes the reason from the exit message', () => {
    expect(decideOutcome(facts({ exitMessage: { type: 'exit', reason: 'stagnation', detail: 'same summary', iterations: 3 } }), at)).toEqual({
      status: 'ended',
      stopReason: 'stagnation',
      detail: 'same summary',
      endedAt: at,
    });
  });
  it('lets a requested stop win, saying how far the ladder went', () => {
    const outcome = decideOutcome(facts({ stopReason: 'user_stop', ladderStep: 'SIGKILL', exit: { code: null, signal: 'SIGKILL', stderrTail: '' } }), at);
    expect(outcome).toMatchObject({ status: 'ended', stopReason: 'user_stop', detail: 'the runner ignored stop and got SIGKILL' });
  });
  it('keeps a paused run paused with the gate’s reason, and a shutdown as shutdown', () => {
    const paused = facts({ exitMessage: { type: 'exit', reason: 'paused', iterations: 2 }, gatePause: { reason: 'budget', detail: 'Used 500 of 500 tokens' } });
    expect(decideOutcome(paused, at)).toEqual({ status: 'paused', pauseReason: 'budget', detail: 'Used 500 of 500 tokens' });
    expect(decideOutcome(facts({ pauseOnExit: true, stopReason: 'user_stop' }), at)).toMatchObject({ status: 'paused', pauseReason: 'shutdown' });
  });
});
