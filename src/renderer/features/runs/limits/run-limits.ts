import { formatDuration } from '../../../../shared/duration';
import { activeLimit, type Iteration, isActive, type Run } from '../../../../shared/records';
import { formatCost, formatTokens } from '../../../ui/format';

/** One of a run's four limits, as a meter shows it: filled with what is used. */
export type LimitMeter = Readonly<{
  key: 'tokens' | 'cost' | 'iterations' | 'time';
  label: string;
  used: number;
  /** Null when the limit is off. */
  limit: number | null;
  /** What is left, never below 0; null without a limit. */
  remaining: number | null;
  /** How full the meter is, 0–100 (used over the limit, capped); null without a limit. */
  percentUsed: number | null;
  /** "3,766 of 5,000 tokens used (1,234 left)", or "1,234 used, no limit". */
  text: string;
  /** `ok` below 80 % used, `warn` (amber) from 80 % (where the engine warns), `danger` (red) at 100 %. */
  level: 'ok' | 'warn' | 'danger';
}>;

/** The share used at which a meter turns amber; at 100 % it turns red. */
export const METER_WARN_AT = 0.8;

type Format = (value: number) => string;

function meter(key: LimitMeter['key'], label: string, used: number, rawLimit: number | undefined, format: Format, unit: string): LimitMeter {
  const limit = activeLimit(rawLimit);
  if (limit === null) {
    return { key, label, used, limit, remaining: null, percentUsed: null, text: `${format(used)}${unit} used, no limit`, level: 'ok' };
  }
  const remaining = Math.max(0, limit - used);
  const share = used / limit;
  const level = share >= 1 ? 'danger' : share >= METER_WARN_AT ? 'warn' : 'ok';
  const text = `${format(used)} of ${format(limit)}${unit} used (${format(remaining)} left)`;
  return { key, label, used, limit, remaining, percentUsed: Math.min(100, share * 100), text, level };
}

/**
 * Pure: how long the run has been going, as wall time from its start to its end, to now while
 * it is active, or to its last iteration's end while it is paused (a paused run has no clock running).
 */
export function elapsedMs(run: Pick<Run, 'status' | 'startedAt' | 'endedAt'>, iterations: ReadonlyArray<Iteration>, nowMs: number): number {
  if (run.startedAt === null) return 0;
  const start = Date.parse(run.startedAt);
  const lastEnd = iterations.reduce((latest, iteration) => Math.max(latest, iteration.endedAt ? Date.parse(iteration.endedAt) : 0), 0);
  const end = run.endedAt ? Date.parse(run.endedAt) : isActive(run.status) ? nowMs : lastEnd || start;
  return Number.isNaN(start) || Number.isNaN(end) ? 0 : Math.max(0, end - start);
}

/** Pure: the run's four limits as meters that fill as the run uses them. */
export function limitMeters(run: Run, iterations: ReadonlyArray<Iteration>, nowMs: number): ReadonlyArray<LimitMeter> {
  const { limits } = run;
  return [
    meter('tokens', 'Tokens', run.inputTokens + run.outputTokens, limits.maxTokens, formatTokens, ' tokens'),
    meter('cost', 'Cost', run.costUsd ?? 0, limits.maxCostUsd, formatCost, ''),
    meter('iterations', 'Iterations', run.iterations, limits.maxIterations, formatTokens, ' iterations'),
    meter('time', 'Time', elapsedMs(run, iterations, nowMs), limits.maxDurationMs, formatDuration, ''),
  ];
}
