import { describePauseReason, describeStopReason, type Run } from '../../../shared/records';

/** Why a run stopped or paused, in words; null while it has no such reason. */
export function describeRunReason(run: Pick<Run, 'stopReason' | 'pauseReason' | 'status'>): string | null {
  if (run.stopReason) return describeStopReason(run.stopReason);
  if (run.status === 'paused' && run.pauseReason) return describePauseReason(run.pauseReason);
  return null;
}
