import { assertNever } from './assert';
import type { Run, StopReason } from './records';

/**
 * How a run ended, in five kinds every surface agrees on: the agent finished (`completed`), a
 * person stopped it (`stopped`), a limit or loop rule the person set ended it (`rule`), its work
 * went wrong (`failed`), or the machinery did (`crashed`: the runner crashed, broke the protocol
 * or never started). `failed` and `crashed` are failures.
 */
export type StopKind = 'completed' | 'stopped' | 'rule' | 'failed' | 'crashed';

/** The kind of a stop reason. */
export function stopKindOf(reason: StopReason): StopKind {
  switch (reason) {
    case 'completed':
      return 'completed';
    case 'user_stop':
    case 'replaced':
      return 'stopped';
    case 'stagnation':
    case 'iteration_limit':
    case 'time_limit':
      return 'rule';
    case 'failure_limit':
    case 'permission_denied':
    case 'approval_timeout':
    case 'setup_failed':
    case 'verify_failed':
    case 'auth_failed':
      return 'failed';
    case 'crash':
    case 'protocol_error':
    case 'spawn_failed':
      return 'crashed';
    default:
      return assertNever(reason, 'StopReason');
  }
}

/** Whether a stop reason means the run failed (its work or its runner went wrong). */
export function isFailureStopReason(reason: StopReason): boolean {
  const kind = stopKindOf(reason);
  return kind === 'failed' || kind === 'crashed';
}

/** Whether a run ended because something went wrong. */
export function isFailedRun(run: Pick<Run, 'status' | 'stopReason'>): boolean {
  return run.status === 'ended' && run.stopReason !== null && isFailureStopReason(run.stopReason);
}
