import type { FocusEvent, KeyboardEvent } from 'react';
import { activeLimit, isActive, type Run, type RunOverlap } from '../../../../shared/records';
import { runBadgeOf } from '../../../../shared/run-badge';
import { type QueuePlace, describeQueuePlace } from '../../../../shared/run-queue';
import { hrefFor } from '../../../app/routes';
import { formatCost, formatTime, formatTokens } from '../../../ui/format';
import { OutcomeBadge } from '../../../ui/outcome-badge';
import { formatAgo, formatSpan, timeOf } from '../../../ui/relative-time';
import { describeRunReason } from '../run-reason';
import { RunRowActions } from './run-row-actions';
import { describeOverlaps } from './run-overlaps';
import { useRunsStore } from '../runs-store';

/** Pure: `17/60` (iterations of the limit), or `17` without one. */
export function progressText(run: Pick<Run, 'iterations' | 'limits'>): string {
  const limit = activeLimit(run.limits.maxIterations);
  return limit === null ? String(run.iterations) : `${run.iterations}/${limit}`;
}

/** Pure: when the run last did something the window knows of: a push it heard, else its end, start or creation. */
export function lastActivityMs(run: Pick<Run, 'createdAt' | 'startedAt' | 'endedAt'>, touchedAt: number | undefined): number | null {
  const known = [touchedAt ?? null, timeOf(run.endedAt), timeOf(run.startedAt), timeOf(run.createdAt)].filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.max(...known);
}

type RunRowProps = Readonly<{
  run: Run;
  nowMs: number;
  touchedAt: number | undefined;
  /** Other runs on the same repository whose changes touch the same files. */
  overlaps?: ReadonlyArray<RunOverlap> | undefined;
  /** Whether the list has room for the cost column. */
  showsCost: boolean;
  /** The row the keyboard moves from: the only one in the tab order. */
  isCurrent: boolean;
  onFocusRow(event: FocusEvent<HTMLTableRowElement>): void;
  onKeyDown(event: KeyboardEvent<HTMLTableRowElement>): void;
  onError(message: string | null): void;
  /** A queued run's place in the concurrency queue ("queued 2 of 3"). */
  queuePlace?: QueuePlace | undefined;
}>;

/** One run on one line: outcome, name, why (cut, whole on hover), progress, start, duration, last activity, cost, actions. */
export function RunRow({ run, nowMs, touchedAt, overlaps, showsCost, isCurrent, onFocusRow, onKeyDown, onError, queuePlace }: RunRowProps) {
  const badge = runBadgeOf(run);
  const reason = describeRunReason(run);
  const startedMs = timeOf(run.startedAt ?? run.createdAt);
  const activityMs = lastActivityMs(run, touchedAt);
  const endMs = timeOf(run.endedAt) ?? (isActive(run.status) ? nowMs : (activityMs ?? nowMs));
  const why = [reason, run.detail].filter(Boolean).join(' — ');
  const maxIterations = activeLimit(run.limits.maxIterations);
  return (
    <tr data-testid={`run-row-${run.id}`} data-run-row="" className="run-row" tabIndex={isCurrent ? 0 : -1} onFocus={onFocusRow} onKeyDown={onKeyDown}>
      <td className="cell-outcome">
        <OutcomeBadge badge={run.status === 'queued' ? { ...badge, label: describeQueuePlace(queuePlace) } : badge} testId={`run-status-${run.id}`} />
      </td>
      <td className="cell-name" title={`${run.name} · template ${run.template} · id ${run.id}`}>
        <a href={hrefFor({ page: 'run', runId: run.id })}>{run.name}</a>
        {overlaps && overlaps.length > 0 && <OverlapMark overlaps={overlaps} />}
        <span className="muted cell-template"> · {run.template}</span>
      </td>
      <td className="cell-why" title={why || undefined}>
        {reason && <span data-testid={`run-reason-${run.id}`}>{reason}</span>}
        {run.detail && (
          <span className="muted">
            {reason ? ' — ' : ''}
            {run.detail}
          </span>
        )}
      </td>
      <td
        className="cell-number"
        data-label="Progress"
        title={maxIterations === null ? `${run.iterations} iterations, no limit` : `${run.iterations} of ${maxIterations} iterations`}
      >
        {progressText(run)}
      </td>
      <td className="cell-time" data-label="Started" title={`Started ${formatTime(run.startedAt ?? run.createdAt)}`}>
        {formatAgo(startedMs, nowMs)}
      </td>
      <td className="cell-time" data-label="Ran for" title="How long it ran, from its start to its end (to now while it runs)">
        {formatSpan(startedMs, endMs)}
      </td>
      <td
        className="cell-time"
        data-label="Activity"
        title={activityMs === null ? undefined : `Last activity ${formatTime(new Date(activityMs).toISOString())}`}
      >
        {formatAgo(activityMs, nowMs)}
      </td>
      {showsCost && (
        <td className="cell-number col-cost" data-label="Cost" title={`${formatTokens(run.inputTokens)} tokens in, ${formatTokens(run.outputTokens)} out`}>
          {formatCost(run.costUsd)}
        </td>
      )}
      <td className="cell-actions">
        <RunRowActions run={run} onError={onError} />
      </td>
    </tr>
  );
}

/** ⚠ after a run's name: other runs on the same repository change the same files; the tooltip names them and the files. */
function OverlapMark({ overlaps }: Readonly<{ overlaps: ReadonlyArray<RunOverlap> }>) {
  const byId = useRunsStore((state) => state.byId);
  const text = describeOverlaps(overlaps, (runId) => byId[runId]?.name ?? runId);
  return (
    <span className="overlap-mark" role="img" aria-label={text} title={text} data-testid="overlap-mark">
      ⚠
    </span>
  );
}
