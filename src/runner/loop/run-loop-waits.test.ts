import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LOOP_OPTIONS, type LoopOptions } from '../../shared/records';
import { waitAfter } from './run-loop';
import { initMessage, startLoop, complete } from './testing/loop-harness';

afterEach(() => {
  vi.useRealTimers();
});

describe('runLoop', () => {
  it('waits errorPauseMs more after a failed iteration', async () => {
    vi.useFakeTimers();
    const { outcome, supervisor } = await startLoop({
      script: { responses: [{ error: { status: 529, message: 'overloaded' } }, complete('done')] },
      init: initMessage({}, { intervalMs: 1_000, errorPauseMs: 10_000 }),
    });
    await supervisor.waitFor((message) => message.type === 'checkpoint');
    await vi.advanceTimersByTimeAsync(10_999);
    expect(supervisor.ofType('gate')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ reason: 'completed', iterations: 2 });
  });

  it('waits intervalMs between iterations', async () => {
    vi.useFakeTimers();
    const { outcome, supervisor } = await startLoop({
      script: { responses: [{ text: 'Step one.' }, complete('done')] },
      init: initMessage({}, { intervalMs: 30_000 }),
    });
    await supervisor.waitFor((message) => message.type === 'checkpoint');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(supervisor.ofType('gate')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ reason: 'completed', iterations: 2 });
  });
});

describe('waitAfter', () => {
  const options: LoopOptions = { ...DEFAULT_LOOP_OPTIONS, intervalMs: 2_000, errorPauseMs: 10_000 };
  const circuitOpen = (retryAfterMs?: number) => ({
    status: 'error',
    failure: {
      kind: 'circuit_open' as const,
      signature: 'circuit_open:anthropic',
      message: 'circuit open',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
  });

  it('waits the interval after a successful iteration', () => {
    expect(waitAfter({ status: 'ok' }, options)).toBe(2_000);
  });

  it('waits the interval plus errorPauseMs after a failed iteration', () => {
    expect(waitAfter({ status: 'error', failure: { kind: 'provider_error', signature: 'p:529', message: 'overloaded' } }, options)).toBe(12_000);
  });

  it('waits out an open circuit: its cooldown plus a second', () => {
    expect(waitAfter(circuitOpen(120_000), options)).toBe(121_000);
  });

  it('waits at most five minutes for an open circuit', () => {
    expect(waitAfter(circuitOpen(1_000_000), options)).toBe(300_000);
  });

  it('waits at least the interval for an open circuit', () => {
    expect(waitAfter(circuitOpen(500), options)).toBe(2_000);
    expect(waitAfter(circuitOpen(), options)).toBe(2_000);
  });
});
