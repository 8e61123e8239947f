import { describe, expect, it } from 'vitest';
import { initMessage, startLoop, complete, distinctTexts } from './testing/loop-harness';

describe('runLoop', () => {
  it('stops as completed when the agent calls complete, and asks no further gate', async () => {
    const { supervisor, outcome, calls } = await startLoop({
      script: { responses: [{ text: 'Working.' }, { text: 'Nearly there.' }, complete('all tests pass'), { text: 'Never played.' }] },
    });
    expect(await outcome).toEqual({ reason: 'completed', detail: 'all tests pass', iterations: 3 });
    expect(supervisor.ofType('gate').map((message) => message.iteration)).toEqual([1, 2, 3]);
    expect(calls()).toBe(3);
  });

  it('stops at maxIterations', async () => {
    const { outcome, calls } = await startLoop({ script: distinctTexts, init: initMessage({ limits: { maxIterations: 1 } }) });
    expect(await outcome).toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    expect(calls()).toBe(1);
  });

  it('stops at maxDurationMs by its clock', async () => {
    let clock = 0;
    const { outcome } = await startLoop({
      script: distinctTexts,
      init: initMessage({ limits: { maxDurationMs: 100_000 } }),
      decide: () => {
        clock += 60_000;
        return { decision: 'go' };
      },
      now: () => clock,
    });
    expect(await outcome).toMatchObject({ reason: 'time_limit', iterations: 2 });
  });

  it('stops for stagnation after the same summary three times in a row', async () => {
    const { outcome, supervisor } = await startLoop({ script: { responses: [{ text: 'Fixed test.' }] } });
    expect(await outcome).toMatchObject({ reason: 'stagnation', iterations: 3 });
    expect(supervisor.ofType('iteration_done').map((message) => message.summary)).toEqual(['Fixed test.', 'Fixed test.', 'Fixed test.']);
  });

  it('stops at the failure limit after three provider errors with the same status', async () => {
    const { outcome, supervisor } = await startLoop({
      script: { responses: [{ error: { status: 529, message: 'overloaded' } }] },
      init: initMessage({}, { errorPauseMs: 0 }),
    });
    expect(await outcome).toMatchObject({ reason: 'failure_limit', iterations: 3 });
    expect(supervisor.ofType('iteration_done').map((message) => [message.status, message.failure?.kind, message.failure?.status])).toEqual([
      ['error', 'provider_error', 529],
      ['error', 'provider_error', 529],
      ['error', 'provider_error', 529],
    ]);
  });
});
