import { describeIterationStatus } from '../../../../shared/records';
import { formatDuration } from '../../../../shared/duration';
import { formatCost, formatTokens } from '../../../ui/format';
import { StatusChip } from '../../../ui/status-chip';
import { useRunDetailStore } from '../run-detail-store';

/** The open run's iterations in order: status, summary, time and tokens of each. */
export function IterationTimeline() {
  const iterations = useRunDetailStore((state) => state.iterations);
  return (
    <section className="panel" aria-labelledby="iterations-heading">
      <h2 id="iterations-heading">Iterations</h2>
      {iterations.length === 0 ? (
        <p className="muted">No iterations yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="iteration-timeline">
            <thead>
              <tr>
                <th scope="col" className="cell-number">
                  #
                </th>
                <th scope="col">Status</th>
                <th scope="col">Summary</th>
                <th scope="col" className="cell-number">
                  Duration
                </th>
                <th scope="col" className="cell-number">
                  Tokens
                </th>
                <th scope="col" className="cell-number">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {iterations.map((iteration) => (
                <tr key={iteration.n} data-testid={`iteration-${iteration.n}`}>
                  <td className="cell-number">{iteration.n}</td>
                  <td>
                    <StatusChip status={iteration.status} label={describeIterationStatus(iteration.status)} />
                  </td>
                  <td className="cell-summary">{iteration.summary}</td>
                  <td className="cell-number">{iteration.durationMs === null ? '—' : formatDuration(iteration.durationMs)}</td>
                  <td
                    className="cell-number"
                    title={`${formatTokens(iteration.inputTokens)} in (${formatTokens(iteration.cacheReadTokens)} read from cache, ${formatTokens(iteration.cacheWriteTokens)} written), ${formatTokens(iteration.outputTokens)} out`}
                  >
                    {formatTokens(iteration.inputTokens + iteration.outputTokens)}
                  </td>
                  <td className="cell-number">{formatCost(iteration.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
