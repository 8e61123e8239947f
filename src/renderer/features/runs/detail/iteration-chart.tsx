import { useId, useState } from 'react';
import type { Iteration, Limits } from '../../../../shared/records';
import { formatCost, formatTokens } from '../../../ui/format';
import { type ChartMetric, iterationChartModel } from './iteration-chart-model';

const WIDTH = 640;
const HEIGHT = 160;
const LEFT = 64;
const TOP = 10;
const BOTTOM = 22;
const PLOT_W = WIDTH - LEFT - 8;
const PLOT_H = HEIGHT - TOP - BOTTOM;

const formatterFor = (metric: ChartMetric): ((value: number) => string) => (metric === 'tokens' ? formatTokens : formatCost);

/** Per-iteration usage as bars, the running total as a line, and the run's limit as a dashed line (small SVG, no library). */
export function IterationChart({ iterations, limits }: Readonly<{ iterations: ReadonlyArray<Iteration>; limits: Limits }>) {
  const [metric, setMetric] = useState<ChartMetric>('tokens');
  const titleId = useId();
  const model = iterationChartModel(iterations, metric, limits);
  const format = formatterFor(metric);
  const y = (value: number): number => TOP + PLOT_H - (value / model.maxY) * PLOT_H;
  const slot = PLOT_W / Math.max(model.bars.length, 1);
  const barWidth = Math.max(1, slot * 0.7);
  const line = model.bars.map((bar, index) => `${LEFT + slot * index + slot / 2},${y(bar.cumulative)}`).join(' ');
  const summary = `${model.bars.length} iterations, ${format(model.total)} in total${model.limit === null ? ', no limit' : ` of a ${format(model.limit)} limit`}`;

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
          <text className="chart-label" x={LEFT - 6} y={TOP + 8} textAnchor="end">
            {format(model.maxY)}
          </text>
          <text className="chart-label" x={LEFT - 6} y={TOP + PLOT_H} textAnchor="end">
            0
          </text>
          {model.bars.map((bar, index) => (
            <rect
              key={bar.n}
              className={bar.isUnknown ? 'chart-bar chart-bar-unknown' : 'chart-bar'}
              x={LEFT + slot * index + (slot - barWidth) / 2}
              y={y(bar.value)}
              width={barWidth}
              height={Math.max(0, TOP + PLOT_H - y(bar.value))}
            >
              <title>{`Iteration ${bar.n}: ${bar.isUnknown ? 'unknown cost' : format(bar.value)}; ${format(bar.cumulative)} so far`}</title>
            </rect>
          ))}
          <polyline className="chart-total" points={line} />
          {model.limit !== null && (
            <>
              <line className="chart-limit" x1={LEFT} x2={LEFT + PLOT_W} y1={y(model.limit)} y2={y(model.limit)} />
              <text
                className="chart-label chart-limit-label"
                x={LEFT + PLOT_W}
                y={y(model.limit) < TOP + 12 ? y(model.limit) + 12 : y(model.limit) - 4}
                textAnchor="end"
              >
                limit {format(model.limit)}
              </text>
            </>
          )}
          <text className="chart-label" x={LEFT} y={HEIGHT - 6}>
            1
          </text>
          <text className="chart-label" x={LEFT + PLOT_W} y={HEIGHT - 6} textAnchor="end">
            {model.bars.at(-1)?.n}
          </text>
        </svg>
      )}
      <p className="muted chart-legend">Bars: each iteration. Line: running total. Dashed: the run’s limit.</p>
    </section>
  );
}
