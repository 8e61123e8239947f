import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { iterationChartModel } from './iteration-chart-model';

describe('iterationChartModel', () => {
  const iterations = [
    builders.iteration({ n: 1, inputTokens: 100, outputTokens: 20, costUsd: 0.1 }),
    builders.iteration({ n: 2, inputTokens: 300, outputTokens: 30, costUsd: null }),
  ];

  it('stacks each iteration’s tokens into a running total, scaled to fit the limit', () => {
    const model = iterationChartModel(iterations, 'tokens', { maxTokens: 1_000 });
    expect(model.bars).toEqual([
      { n: 1, value: 120, cumulative: 120, isUnknown: false },
      { n: 2, value: 330, cumulative: 450, isUnknown: false },
    ]);
    expect(model).toMatchObject({ maxY: 1_000, limit: 1_000, total: 450 });
  });

  it('marks an iteration whose cost is unknown, and scales to the total without a limit', () => {
    const model = iterationChartModel(iterations, 'cost', {});
    expect(model.bars.map((bar) => bar.isUnknown)).toEqual([false, true]);
    expect(model).toMatchObject({ maxY: 0.1, limit: null });
  });

  it('never divides by zero for a run that used nothing', () => {
    expect(iterationChartModel([], 'tokens', {}).maxY).toBe(1);
  });
});
