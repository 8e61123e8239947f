import { isActive, type Run } from './records';

/** What the action rules read of a run. */
export type RunActionState = Pick<Run, 'status' | 'pauseReason' | 'stopReason'>;

/** A run whose runner crashed: it can go on from its last checkpoint under the same id, like a paused one. */
export function isCrashed(run: Pick<Run, 'status' | 'stopReason'>): boolean {
  return run.status === 'ended' && run.stopReason === 'crash';
}

/**
 * A run that ended because its provider refused the key: nothing was wrong with its work, so once the key is
 * fixed it goes on from its checkpoint under the same id, as a crashed one does.
 */
export function isRefusedByProvider(run: Pick<Run, 'status' | 'stopReason'>): boolean {
  return run.status === 'ended' && run.stopReason === 'auth_failed';
}

/** Pause: a pause takes effect at the run's next gate, so only a run that will reach one can be asked. */
export function canPause(run: Pick<Run, 'status'>): boolean {
  return run.status === 'starting' || run.status === 'running' || run.status === 'waiting_approval';
}

/**
 * Resume as it is: a paused run (any reason but its budget), a crashed one, or one whose key was refused.
 * A budget pause is resumed through "Extend and resume" instead: under the same limits it would pause again at once.
 */
export function canResume(run: RunActionState): boolean {
  return (run.status === 'paused' && run.pauseReason !== 'budget') || isCrashed(run) || isRefusedByProvider(run);
}

/** A run paused by its budget: it is resumed with raised limits ("Extend and resume"). */
export function needsLimitsToResume(run: Pick<Run, 'status' | 'pauseReason'>): boolean {
  return run.status === 'paused' && run.pauseReason === 'budget';
}

/** What the engine resumes (`runs.resume`): a paused run, raised limits or not, a crashed one, or one whose key was refused. */
export function isResumable(run: RunActionState): boolean {
  return run.status === 'paused' || isCrashed(run) || isRefusedByProvider(run);
}

/** Stop: any run that has not ended (a paused one too) and is not already stopping. */
export function canStop(run: Pick<Run, 'status'>): boolean {
  return run.status !== 'ended' && run.status !== 'stopping';
}

/**
 * "Stop after this iteration": the stop is made at the run's next gate, so only a run that will reach one can be
 * asked (the runs Pause is offered for); a paused run has no iteration in flight and is stopped now.
 */
export function canStopAfterIteration(run: Pick<Run, 'status'>): boolean {
  return canPause(run);
}

/** Delete: a run with no process, ended or paused; an active one is stopped first. */
export function canDelete(run: Pick<Run, 'status'>): boolean {
  return !isActive(run.status);
}

/** Guidance: a run that will reach another gate, running or paused; an ended or stopping one never reads it. */
export function canGuide(run: Pick<Run, 'status'>): boolean {
  return canPause(run) || run.status === 'paused';
}
