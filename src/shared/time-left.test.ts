import { describe, expect, it } from 'vitest';
import { estimateTimeLeft } from './time-left';

describe('estimateTimeLeft', () => {
  it('estimates from the average iteration when only the iteration limit is set', () => {
    // 4 of 10 done in 40 s: 6 more at 10 s each, 3 s of the fifth already spent.
    expect(estimateTimeLeft({ limits: { maxIterations: 10 }, finishedIterations: 4, elapsedMs: 40_000, sinceLastFinishedMs: 3_000 })).toEqual({
      ms: 57_000,
      basis: 'iterations',
    });
  });

  it('takes the sooner of the time limit and the iteration estimate', () => {
    const input = { finishedIterations: 2, elapsedMs: 20_000, sinceLastFinishedMs: 0 };
    expect(estimateTimeLeft({ ...input, limits: { maxIterations: 100, maxDurationMs: 60_000 } })).toEqual({ ms: 40_000, basis: 'time' });
    expect(estimateTimeLeft({ ...input, limits: { maxIterations: 3, maxDurationMs: 60_000 } })).toEqual({ ms: 10_000, basis: 'iterations' });
  });

  it('gives no estimate without a limit or before the first iteration, and never less than nothing', () => {
    expect(estimateTimeLeft({ limits: {}, finishedIterations: 3, elapsedMs: 1_000, sinceLastFinishedMs: 0 })).toBeNull();
    expect(estimateTimeLeft({ limits: { maxIterations: 5 }, finishedIterations: 0, elapsedMs: 1_000, sinceLastFinishedMs: 0 })).toBeNull();
    expect(estimateTimeLeft({ limits: { maxDurationMs: 1_000 }, finishedIterations: 0, elapsedMs: 5_000, sinceLastFinishedMs: 0 })).toEqual({
      ms: 0,
      basis: 'time',
    });
  });
});
