import { describeIterationStatus, type Run } from '../../../../shared/records';
import { hrefFor } from '../../../app/routes';
import { formatDuration } from '../../../../shared/duration';
import { formatCost, formatTokens } from '../../../ui/format';
import { StatusChip } from '../../../ui/status-chip';
import { useRunDetailStore } from '../run-detail-store';

/** The open run's iterations in order: status, summary, time and tokens of each, and (in a worktree) a link to what each changed. */
export function IterationTimeline({ run }: Readonly<{ run: Pick<Run, 'id' | 'worktree'> }>) {
  const iterations = useRunDetailStore((state) => state.iterations);
  const hasChanges = run.worktree !== null;
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
                {hasChanges && <th scope="col">Changes</th>}
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
                  {hasChanges && (
                    <td>
                      {iteration.commit !== null ? (
                        <a
                          href={hrefFor({ page: 'run', runId: run.id, tab: 'changes', iteration: iteration.n })}
                          aria-label={`Changes of iteration ${iteration.n}`}
                          data-testid={`iteration-changes-${iteration.n}`}
                        >
                          changes
                        </a>
                      ) : (
                        <span className="muted">{iteration.status === 'running' ? '…' : 'none'}</span>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
