import { escapeControlCharacters } from '../../shared/summary-text';
import { formatDuration } from '../../shared/duration';
import { type Iteration, type Run, describePauseReason, describeStopReason } from '../../shared/records';
import { assertNever } from '../../shared/assert';
import { needsLimitsToResume } from '../../shared/run-actions';
import { stopKindOf } from '../../shared/run-outcome';
import { formatCost, formatTokens } from '../../shared/format';
import type { Palette } from './terminal-output';

/** A run's state in a table cell: `running`, `waiting approval`, `paused (budget)`, `completed`, `iteration limit`. Pure. */
export function describeRunStatus(run: Pick<Run, 'status' | 'stopReason' | 'pauseReason'>): string {
  switch (run.status) {
    case 'waiting_approval':
      return 'waiting approval';
    case 'paused':
      return run.pauseReason ? `paused (${run.pauseReason.replaceAll('_', ' ')})` : 'paused';
    case 'ended':
      return run.stopReason ? run.stopReason.replaceAll('_', ' ') : 'ended';
    case 'queued':
    case 'starting':
    case 'running':
    case 'stopping':
      return run.status;
  }
}

/** The colour of a run's state: green going well, yellow needs a person or a rule ended it, red failed, dim stopped by someone. */
export function paintRunStatus(run: Pick<Run, 'status' | 'stopReason'>, paint: Palette): (text: string) => string {
  if (run.status === 'waiting_approval' || run.status === 'paused') return paint.yellow;
  if (run.status !== 'ended') return paint.green;
  if (run.stopReason === null) return paint.yellow;
  const kind = stopKindOf(run.stopReason);
  switch (kind) {
    case 'completed':
      return paint.green;
    case 'stopped':
      return paint.dim;
    case 'rule':
      return paint.yellow;
    case 'failed':
    case 'crashed':
      return paint.red;
    default:
      return assertNever(kind, 'StopKind');
  }
}

/** How a run ended or why it is paused, in words, with its detail. Pure. */
export function describeOutcome(run: Run): string {
  const words =
    run.status === 'paused' && run.pauseReason
      ? describePauseReason(run.pauseReason)
      : run.stopReason
        ? describeStopReason(run.stopReason)
        : `The run is ${describeRunStatus(run)}`;
  // The detail can be the model's own words (its `complete` reason): shown, never obeyed by the terminal.
  return run.detail ? `${words} — ${escapeControlCharacters(run.detail)}` : words;
}

/** Wall time of a run so far: from its start to its end (or to now while it has none). */
export function runDurationMs(run: Pick<Run, 'startedAt' | 'endedAt' | 'createdAt'>, now: Date): number {
  const start = Date.parse(run.startedAt ?? run.createdAt);
  const end = run.endedAt ? Date.parse(run.endedAt) : now.getTime();
  return Math.max(0, end - start);
}

/** The final summary of a run: its outcome in words, then iterations, tokens, cost and duration, then what to do next. Pure. */
export function formatRunSummary(run: Run, now: Date): string[] {
  const iterations = `${run.iterations} ${run.iterations === 1 ? 'iteration' : 'iterations'}`;
  const tokens = `${formatTokens(run.inputTokens + run.outputTokens)} tokens`;
  const lines = [
    describeOutcome(run),
    `${iterations} · ${tokens} · ${run.costUsd === null ? 'unknown cost' : formatCost(run.costUsd)} · ${formatDuration(runDurationMs(run, now))}`,
  ];
  if (run.status === 'paused') {
    const raise = needsLimitsToResume(run) ? ' (raise a limit with --max-cost, --max-tokens, --max-iterations or --max-duration)' : '';
    lines.push(`Resume it with: autoloop resume ${run.id}${raise}`);
  }
  return lines;
}

/** One finished iteration as a line: number, status, summary, duration. Pure. */
export function formatIterationLine(iteration: Iteration, paint: Palette): string {
  const status = iteration.status === 'ok' ? paint.green(iteration.status.padEnd(11)) : paint.yellow(iteration.status.padEnd(11));
  const duration = iteration.durationMs === null ? '' : paint.dim(`  (${formatDuration(iteration.durationMs)})`);
  return `  #${iteration.n} ${status} ${escapeControlCharacters(iteration.summary)}${duration}`;
}

/** A run's limits in words, or "none". Pure. */
export function describeLimits(limits: Run['limits']): string {
  const parts = [
    limits.maxIterations ? `${limits.maxIterations} iterations` : null,
    limits.maxTokens ? `${formatTokens(limits.maxTokens)} tokens` : null,
    limits.maxCostUsd ? formatCost(limits.maxCostUsd) : null,
    limits.maxDurationMs ? formatDuration(limits.maxDurationMs) : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? 'none' : parts.join(', ');
}
