import { activeLimit, type Iteration, type Limits } from '../../../../shared/records';

/** What the chart measures. */
export type ChartMetric = 'tokens' | 'cost';

/** One iteration's bar, and the run's total up to it. */
export type ChartBar = Readonly<{ n: number; value: number; cumulative: number; isUnknown: boolean }>;

/**
 * Everything the chart draws, on two scales: the bars (one iteration each) against `maxBar`, the
 * running total and the run's limit against `maxTotal`, so a long run's total never flattens its bars.
 */
export type ChartModel = Readonly<{ bars: ReadonlyArray<ChartBar>; maxBar: number; maxTotal: number; limit: number | null; total: number }>;

/** Geometry of one iteration's slot across the plot: where its bar starts, how wide it is, and its centre. */
export type ChartSlot = Readonly<{ x: number; width: number; barX: number; barWidth: number; centre: number }>;

/** A bar is never wider than this (one iteration must not fill the chart) nor narrower than 1 px (500 iterations stay visible). */
export const BAR_MAX_WIDTH = 28;

/** Pure: per-iteration usage with the running total; each scale's top is above 0. */
export function iterationChartModel(iterations: ReadonlyArray<Iteration>, metric: ChartMetric, limits: Limits): ChartModel {
  let cumulative = 0;
  const bars = iterations.map((iteration) => {
    const isUnknown = metric === 'cost' && iteration.costUsd === null;
    const value = metric === 'tokens' ? iteration.inputTokens + iteration.outputTokens : (iteration.costUsd ?? 0);
    cumulative += value;
    return { n: iteration.n, value, cumulative, isUnknown };
  });
  const limit = activeLimit(metric === 'tokens' ? limits.maxTokens : limits.maxCostUsd);
  const maxBar = bars.reduce((max, bar) => Math.max(max, bar.value), 0);
  const maxTotal = Math.max(limit ?? 0, cumulative);
  return { bars, maxBar: maxBar > 0 ? maxBar : 1, maxTotal: maxTotal > 0 ? maxTotal : 1, limit, total: cumulative };
}

/** Pure: the slot of bar `index` of `count` across `plotWidth` pixels starting at `left`. */
export function chartSlot(index: number, count: number, left: number, plotWidth: number): ChartSlot {
  const width = plotWidth / Math.max(count, 1);
  const barWidth = Math.min(BAR_MAX_WIDTH, Math.max(1, width * 0.7));
  const x = left + width * index;
  return { x, width, barX: x + (width - barWidth) / 2, barWidth, centre: x + width / 2 };
}
