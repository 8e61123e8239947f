import { useId, useState } from 'react';
import type { Iteration, Limits } from '../../../../shared/records';
import { formatCost, formatTokens } from '../../../ui/format';
import { type ChartMetric, chartSlot, iterationChartModel } from './iteration-chart-model';

const WIDTH = 640;
const HEIGHT = 160;
const LEFT = 60;
const RIGHT = 60;
const TOP = 10;
const BOTTOM = 22;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

const formatterFor = (metric: ChartMetric): ((value: number) => string) => (metric === 'tokens' ? formatTokens : formatCost);

/**
 * Per-iteration usage as bars (left scale), the running total as a line and the run's limit as a
 * dashed line (right scale); hovering an iteration's column shows its values. Small SVG, no library.
 */
export function IterationChart({ iterations, limits }: Readonly<{ iterations: ReadonlyArray<Iteration>; limits: Limits }>) {
  const [metric, setMetric] = useState<ChartMetric>('tokens');
  const titleId = useId();
  const model = iterationChartModel(iterations, metric, limits);
  const format = formatterFor(metric);
  const yBar = (value: number): number => TOP + PLOT_H - (value / model.maxBar) * PLOT_H;
  const yTotal = (value: number): number => TOP + PLOT_H - (value / model.maxTotal) * PLOT_H;
  const slots = model.bars.map((_, index) => chartSlot(index, model.bars.length, LEFT, PLOT_W));
  const line = model.bars.map((bar, index) => `${slots[index]?.centre ?? LEFT},${yTotal(bar.cumulative)}`).join(' ');
  const summary = `${model.bars.length} iterations, ${format(model.total)} in total${model.limit === null ? ', no limit' : ` of a ${format(model.limit)} limit`}`;
  const lastN = model.bars.at(-1)?.n;

  return (
    <section className="panel" aria-labelledby={`${titleId}-heading`}>
      <div className="panel-header">
        <h2 id={`${titleId}-heading`}>Usage per iteration</h2>
        <div className="filter-buttons" role="group" aria-label="Chart shows">
          {(['tokens', 'cost'] as const).map((value) => (
            <button key={value} type="button" className="button-small" aria-pressed={metric === value} onClick={() => setMetric(value)}>
              {value === 'tokens' ? 'Tokens' : 'Cost'}
            </button>
          ))}
        </div>
      </div>
      {model.bars.length === 0 ? (
        <p className="muted">No iterations yet.</p>
      ) : (
        <svg className="usage-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} data-testid="usage-chart">
          <title id={titleId}>{`${metric === 'tokens' ? 'Tokens' : 'Cost'} per iteration: ${summary}`}</title>
          <line className="chart-axis" x1={LEFT} x2={LEFT + PLOT_W} y1={TOP + PLOT_H} y2={TOP + PLOT_H} />
          <text className="chart-label chart-bar-label" x={LEFT - 6} y={TOP + 8} textAnchor="end" data-testid="chart-bar-scale">
            {format(model.maxBar)}
          </text>
          <text className="chart-label" x={LEFT - 6} y={TOP + PLOT_H} textAnchor="end">
            0
          </text>
          <text className="chart-label chart-total-label" x={LEFT + PLOT_W + 6} y={TOP + 8} data-testid="chart-total-scale">
            {format(model.maxTotal)}
          </text>
          <text className="chart-label" x={LEFT + PLOT_W + 6} y={TOP + PLOT_H}>
            0
          </text>
          {model.bars.map((bar, index) => {
            const slot = slots[index];
            if (!slot) return null;
            return (
              <rect
                key={bar.n}
                className={bar.isUnknown ? 'chart-bar chart-bar-unknown' : 'chart-bar'}
                x={slot.barX}
                y={yBar(bar.value)}
                width={slot.barWidth}
                height={Math.max(0, TOP + PLOT_H - yBar(bar.value))}
              />
            );
          })}
          {model.bars.length === 1 ? (
            <circle className="chart-total-point" cx={slots[0]?.centre} cy={yTotal(model.total)} r={3} />
          ) : (
            <polyline className="chart-total" points={line} />
          )}
          {model.limit !== null && (
            <>
              <line className="chart-limit" x1={LEFT} x2={LEFT + PLOT_W} y1={yTotal(model.limit)} y2={yTotal(model.limit)} />
              <text
                className="chart-label chart-limit-label"
                x={LEFT + PLOT_W}
                y={yTotal(model.limit) < TOP + 12 ? yTotal(model.limit) + 12 : yTotal(model.limit) - 4}
                textAnchor="end"
              >
                limit {format(model.limit)}
              </text>
            </>
          )}
          {/* One full-height column per iteration carries the hover values, so even a 1 px bar is easy to point at. */}
          {model.bars.map((bar, index) => {
            const slot = slots[index];
            if (!slot) return null;
            return (
              <rect key={`hit-${bar.n}`} className="chart-hit" x={slot.x} y={TOP} width={slot.width} height={PLOT_H} data-testid={`chart-iteration-${bar.n}`}>
                <title>{`Iteration ${bar.n}: ${bar.isUnknown ? 'unknown cost' : format(bar.value)}; ${format(bar.cumulative)} so far`}</title>
              </rect>
            );
          })}
          <text className="chart-label" x={slots[0]?.centre} y={HEIGHT - 6} textAnchor="middle">
            {model.bars[0]?.n}
          </text>
          {model.bars.length > 1 && (
            <text className="chart-label" x={LEFT + PLOT_W} y={HEIGHT - 6} textAnchor="end">
              {lastN}
            </text>
          )}
        </svg>
      )}
      <p className="muted chart-legend">Bars: each iteration (left scale). Line: running total, dashed: the run’s limit (right scale).</p>
    </section>
  );
}
