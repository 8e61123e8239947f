import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { BAR_MAX_WIDTH, chartSlot, iterationChartModel } from './iteration-chart-model';

describe('iterationChartModel', () => {
  const iterations = [
    builders.iteration({ n: 1, inputTokens: 100, outputTokens: 20, costUsd: 0.1 }),
    builders.iteration({ n: 2, inputTokens: 300, outputTokens: 30, costUsd: null }),
  ];

  it('scales the bars to the largest iteration and the running total to the limit, separately', () => {
    const model = iterationChartModel(iterations, 'tokens', { maxTokens: 1_000 });
    expect(model.bars).toEqual([
      { n: 1, value: 120, cumulative: 120, isUnknown: false },
      { n: 2, value: 330, cumulative: 450, isUnknown: false },
    ]);
    expect(model).toMatchObject({ maxBar: 330, maxTotal: 1_000, limit: 1_000, total: 450 });
  });

  it('marks an iteration whose cost is unknown, and scales the total to itself without a limit', () => {
    const model = iterationChartModel(iterations, 'cost', {});
    expect(model.bars.map((bar) => bar.isUnknown)).toEqual([false, true]);
    expect(model).toMatchObject({ maxBar: 0.1, maxTotal: 0.1, limit: null });
  });

  it('never divides by zero for a run that used nothing', () => {
    expect(iterationChartModel([], 'tokens', {})).toMatchObject({ maxBar: 1, maxTotal: 1 });
  });

  it('keeps 500 iterations’ total on its own scale, so the bars stay readable', () => {
    const many = Array.from({ length: 500 }, (_, index) => builders.iteration({ n: index + 1, inputTokens: 100, outputTokens: 0 }));
    expect(iterationChartModel(many, 'tokens', {})).toMatchObject({ maxBar: 100, maxTotal: 50_000, total: 50_000 });
  });
});

describe('chartSlot', () => {
  it('keeps one iteration’s bar narrow and centred', () => {
    const slot = chartSlot(0, 1, 60, 560);
    expect(slot.barWidth).toBe(BAR_MAX_WIDTH);
    expect(slot.centre).toBe(340);
    expect(slot.barX).toBe(340 - BAR_MAX_WIDTH / 2);
  });

  it('gives each of 500 iterations at least a pixel, inside the plot', () => {
    const last = chartSlot(499, 500, 60, 560);
    expect(last.barWidth).toBeGreaterThanOrEqual(1);
    expect(last.barX + last.barWidth).toBeLessThanOrEqual(620);
    expect(last.width).toBeCloseTo(1.12);
  });
});
