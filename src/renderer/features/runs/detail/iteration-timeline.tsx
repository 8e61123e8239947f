import { describeIterationStatus, type Iteration, type Run } from '../../../../shared/records';
import { hrefFor } from '../../../app/routes';
import { formatDuration } from '../../../../shared/duration';
import { formatCost, formatTime, formatTokens } from '../../../ui/format';
import { StatusChip } from '../../../ui/status-chip';
import { useRunDetailStore } from '../run-detail-store';

/** The newest iterations open with their details; older ones show one line until opened. */
export const ITERATIONS_OPEN = 5;

/** Pure: the iterations newest first, each with whether it starts open (the newest `ITERATIONS_OPEN`). */
export function timelineEntries(iterations: ReadonlyArray<Iteration>): ReadonlyArray<Readonly<{ iteration: Iteration; isOpen: boolean }>> {
  return [...iterations].reverse().map((iteration, index) => ({ iteration, isOpen: index < ITERATIONS_OPEN }));
}

function IterationEntry({ iteration, isOpen, changesOf }: Readonly<{ iteration: Iteration; isOpen: boolean; changesOf: string | null }>) {
  const tokens = iteration.inputTokens + iteration.outputTokens;
  return (
    <li>
      <details className="iteration-entry" open={isOpen} data-testid={`iteration-${iteration.n}`}>
        <summary>
          <span className="iteration-number">#{iteration.n}</span>
          <StatusChip status={iteration.status} label={describeIterationStatus(iteration.status)} />
          <span className="iteration-line">{iteration.summary}</span>
          <span className="iteration-figures muted">
            {iteration.durationMs === null ? '—' : formatDuration(iteration.durationMs)} · {formatTokens(tokens)} tokens · {formatCost(iteration.costUsd)}
          </span>
        </summary>
        <dl className="iteration-detail">
          <div>
            <dt>Started</dt>
            <dd>{formatTime(iteration.startedAt)}</dd>
          </div>
          {iteration.endedAt && (
            <div>
              <dt>Ended</dt>
              <dd>{formatTime(iteration.endedAt)}</dd>
            </div>
          )}
          <div>
            <dt>Tokens</dt>
            <dd>
              {formatTokens(iteration.inputTokens)} in ({formatTokens(iteration.cacheReadTokens)} read from cache, {formatTokens(iteration.cacheWriteTokens)}{' '}
              written), {formatTokens(iteration.outputTokens)} out
            </dd>
          </div>
          {iteration.commit && (
            <div>
              <dt>Commit</dt>
              <dd className="mono">{iteration.commit.slice(0, 12)}</dd>
            </div>
          )}
          {changesOf !== null && (
            <div>
              <dt>Changes</dt>
              <dd>
                {iteration.commit !== null ? (
                  <a
                    href={hrefFor({ page: 'run', runId: changesOf, tab: 'changes', iteration: iteration.n })}
                    aria-label={`Changes of iteration ${iteration.n}`}
                    data-testid={`iteration-changes-${iteration.n}`}
                  >
                    changes
                  </a>
                ) : (
                  <span className="muted">{iteration.status === 'running' ? '…' : 'none'}</span>
                )}
              </dd>
            </div>
          )}
        </dl>
      </details>
    </li>
  );
}

/** The open run's iterations, newest first, the newest five open: status, summary, time, tokens and cost of each, and (in a worktree) a link to what each changed. */
export function IterationTimeline({ run }: Readonly<{ run: Pick<Run, 'id' | 'worktree'> }>) {
  const iterations = useRunDetailStore((state) => state.iterations);
  const hasChanges = run.worktree !== null;
  return (
    <section className="panel" aria-labelledby="iterations-heading">
      <h2 id="iterations-heading">Iterations</h2>
      {iterations.length === 0 ? (
        <p className="muted">No iterations yet.</p>
      ) : (
        <ol className="iteration-timeline" data-testid="iteration-timeline" reversed>
          {timelineEntries(iterations).map(({ iteration, isOpen }) => (
            <IterationEntry key={iteration.n} iteration={iteration} isOpen={isOpen} changesOf={hasChanges ? run.id : null} />
          ))}
        </ol>
      )}
    </section>
  );
}
