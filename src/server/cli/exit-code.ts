import type { Run } from '../../shared/records';
import { assertNever } from '../../shared/assert';

export const EXIT_OK = 0;
export const EXIT_INVALID_INPUT = 2;
export const EXIT_STOPPED_BY_RULE = 3;
export const EXIT_CRASH = 4;
export const EXIT_INTERRUPTED = 130;

/** The exit code of a foreground `autoloop run` for the run it ended with (DESIGN §11). */
export function exitCodeFor(run: Run): number {
  if (run.status === 'paused') return run.pauseReason === 'user' || run.pauseReason === 'shutdown' ? EXIT_INTERRUPTED : EXIT_STOPPED_BY_RULE;
  const reason = run.stopReason;
  if (reason === null) return EXIT_CRASH;
  switch (reason) {
    case 'completed':
      return EXIT_OK;
    case 'user_stop':
      return EXIT_INTERRUPTED;
    case 'stagnation':
    case 'failure_limit':
    case 'iteration_limit':
    case 'time_limit':
    case 'permission_denied':
    case 'approval_timeout':
      return EXIT_STOPPED_BY_RULE;
    case 'crash':
    case 'protocol_error':
    case 'spawn_failed':
      return EXIT_CRASH;
    default:
      return assertNever(reason, 'StopReason');
  }
}
