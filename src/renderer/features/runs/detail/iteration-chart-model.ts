import { activeLimit, type Iteration, type Limits } from '../../../../shared/records';

/** What the chart measures. */
export type ChartMetric = 'tokens' | 'cost';

/** One iteration's bar, and the run's total up to it. */
export type ChartBar = Readonly<{ n: number; value: number; cumulative: number; isUnknown: boolean }>;

/** Everything the chart draws: bars, the scale's top, and the run's limit for the metric. */
export type ChartModel = Readonly<{ bars: ReadonlyArray<ChartBar>; maxY: number; limit: number | null; total: number }>;

/** Pure: per-iteration usage with the running total, scaled so that the total and the limit both fit. */
export function iterationChartModel(iterations: ReadonlyArray<Iteration>, metric: ChartMetric, limits: Limits): ChartModel {
  let cumulative = 0;
  const bars = iterations.map((iteration) => {
    const isUnknown = metric === 'cost' && iteration.costUsd === null;
    const value = metric === 'tokens' ? iteration.inputTokens + iteration.outputTokens : (iteration.costUsd ?? 0);
    cumulative += value;
    return { n: iteration.n, value, cumulative, isUnknown };
  });
  const limit = activeLimit(metric === 'tokens' ? limits.maxTokens : limits.maxCostUsd);
  const maxY = Math.max(limit ?? 0, cumulative, ...bars.map((bar) => bar.value));
  return { bars, maxY: maxY > 0 ? maxY : 1, limit, total: cumulative };
}
