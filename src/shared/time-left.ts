import { activeLimit, type Limits } from './records';

/** How long the run may still go, and which limit says so. */
export type TimeLeft = Readonly<{ ms: number; basis: 'iterations' | 'time' }>;

/** What `estimateTimeLeft` reads; `elapsedMs` is the run's wall time so far (see `elapsedMs` in the run page). */
export type TimeLeftInput = Readonly<{
  limits: Pick<Limits, 'maxIterations' | 'maxDurationMs'>;
  /** Iterations finished so far. */
  finishedIterations: number;
  elapsedMs: number;
  /** Time since the last iteration finished (0 when none has): the part of the next one already spent. */
  sinceLastFinishedMs: number;
}>;

/**
 * Pure: an estimate of the time left, when a limit allows one: the time limit minus the time used,
 * or the iterations left times the average wall time per finished iteration (waits included), less
 * what the current one has already taken. The sooner of the two; null without either limit, or
 * for the iteration limit before one iteration has finished (no average yet).
 */
export function estimateTimeLeft(input: TimeLeftInput): TimeLeft | null {
  const estimates: TimeLeft[] = [];
  const maxDurationMs = activeLimit(input.limits.maxDurationMs);
  if (maxDurationMs !== null) estimates.push({ ms: Math.max(0, maxDurationMs - input.elapsedMs), basis: 'time' });
  const maxIterations = activeLimit(input.limits.maxIterations);
  if (maxIterations !== null && input.finishedIterations > 0) {
    const averageMs = input.elapsedMs / input.finishedIterations;
    const left = Math.max(0, maxIterations - input.finishedIterations);
    estimates.push({ ms: Math.max(0, averageMs * left - input.sinceLastFinishedMs), basis: 'iterations' });
  }
  return estimates.reduce<TimeLeft | null>((best, estimate) => (best === null || estimate.ms < best.ms ? estimate : best), null);
}
