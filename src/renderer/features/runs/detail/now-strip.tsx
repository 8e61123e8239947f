import { formatDuration } from '../../../../shared/duration';
import { activeLimit, describeRunStatus, type Iteration, isActive, type Run } from '../../../../shared/records';
import { currentAction, type RunActivity } from '../../../../shared/run-activity';
import { estimateTimeLeft } from '../../../../shared/time-left';
import { formatCost, formatTokens } from '../../../ui/format';
import { useNow } from '../../../ui/use-now';
import { elapsedMs } from '../limits/run-limits';
import { useRunDetailStore } from '../run-detail-store';

/** The elapsed time and the estimate tick once a second. */
const TICK_MS = 1_000;

const sinceMs = (since: string | null, nowMs: number): number | null => {
  if (since === null) return null;
  const start = Date.parse(since);
  return Number.isNaN(start) ? null : Math.max(0, nowMs - start);
};

/** Pure: the iteration the strip counts: the one running, else how many have finished. */
function iterationShown(run: Run, iterations: ReadonlyArray<Iteration>): number {
  const last = iterations.at(-1);
  return last?.status === 'running' ? last.n : run.iterations;
}

/** Pure: the last summary the agent reported: a `report` call in the log, else the last finished iteration's summary. */
function lastSummary(activity: RunActivity, iterations: ReadonlyArray<Iteration>): string | null {
  if (activity.lastReport) return activity.lastReport.summary;
  const finished = iterations.findLast((iteration) => iteration.status !== 'running' && iteration.summary.trim() !== '');
  return finished?.summary ?? null;
}

/**
 * The "now" strip at the top of the run page: status with a live dot, iteration N of max, what the
 * agent is doing this moment and for how long, this iteration's tokens and cost, the last reported
 * summary and, when a limit allows one, an estimate of the time left.
 */
export function NowStrip({ run }: Readonly<{ run: Run }>) {
  const now = useNow(TICK_MS);
  const iterations = useRunDetailStore((state) => state.iterations);
  const activity = useRunDetailStore((state) => state.activity);
  const action = currentAction({ ...run, iterations, activity });
  const actionMs = isActive(run.status) ? sinceMs(action.since, now) : null;
  const max = activeLimit(run.limits.maxIterations);
  const current = iterations.at(-1)?.status === 'running' ? iterations.at(-1) : undefined;
  const lastFinishedAt = iterations.findLast((iteration) => iteration.endedAt !== null)?.endedAt ?? null;
  const timeLeft = isActive(run.status)
    ? estimateTimeLeft({
        limits: run.limits,
        finishedIterations: run.iterations,
        elapsedMs: elapsedMs(run, iterations, now),
        sinceLastFinishedMs: sinceMs(lastFinishedAt, now) ?? 0,
      })
    : null;
  const summary = lastSummary(activity, iterations);

  return (
    <section className={`now-strip now-${action.kind}`} aria-label="Now" data-testid="now-strip">
      <div className="now-line">
        <span className={`live-dot${isActive(run.status) ? ' is-live' : ''}`} aria-hidden="true" />
        <span className="now-status" data-testid="now-status">
          {describeRunStatus(run.status)}
        </span>
        <span className="now-iteration" data-testid="now-iteration">
          Iteration {iterationShown(run, iterations)}
          {max === null ? '' : ` of ${max}`}
        </span>
        <span className="now-action" data-testid="now-action" aria-live="polite">
          {action.text}
        </span>
        {actionMs !== null && (
          <span className="now-elapsed mono" data-testid="now-elapsed" title="How long this has been going">
            {formatDuration(actionMs)}
          </span>
        )}
      </div>
      <div className="now-line now-facts">
        {current && (
          <span data-testid="now-usage" title="Tokens and cost of the iteration running now">
            This iteration: {formatTokens(current.inputTokens + current.outputTokens)} tokens, {formatCost(current.costUsd)}
          </span>
        )}
        {timeLeft && (
          <span data-testid="now-time-left" title={timeLeft.basis === 'time' ? 'From the time limit' : 'From the iteration limit and the average iteration'}>
            About {formatDuration(timeLeft.ms)} left{timeLeft.basis === 'iterations' ? ' (at the current pace)' : ''}
          </span>
        )}
      </div>
      {summary !== null && (
        <p className="now-report" data-testid="now-report">
          <span className="muted">Last report: </span>
          {summary}
        </p>
      )}
    </section>
  );
}
