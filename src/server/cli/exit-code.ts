import type { ApiErrorCode } from '../../shared/api';
import type { Run } from '../../shared/records';
import { assertNever } from '../../shared/assert';
import { stopKindOf } from '../../shared/run-outcome';

/** A run completed; any other command did what was asked. */
export const EXIT_OK = 0;
/** A command that could not do what was asked (a conflict, an unreachable server, a bug). */
export const EXIT_FAILURE = 1;
/** Invalid input: a bad flag, an unknown template or run, or a command that needs a server with none running. */
export const EXIT_INVALID_INPUT = 2;
/** A rule ended or paused the run: stagnation, a failure streak, a limit, a budget. */
export const EXIT_STOPPED_BY_RULE = 3;
/** The runner crashed or could not start. */
export const EXIT_CRASH = 4;
/** A person stopped it: Ctrl-C, `autoloop stop`, or a pause by hand. */
export const EXIT_INTERRUPTED = 130;

/** The exit code of a foreground `autoloop run` for the run it ended with (DESIGN §11). */
export function exitCodeFor(run: Run): number {
  if (run.status === 'paused') return run.pauseReason === 'user' || run.pauseReason === 'shutdown' ? EXIT_INTERRUPTED : EXIT_STOPPED_BY_RULE;
  if (run.stopReason === null) return EXIT_CRASH;
  const kind = stopKindOf(run.stopReason);
  switch (kind) {
    case 'completed':
      return EXIT_OK;
    case 'stopped':
      return EXIT_INTERRUPTED;
    case 'rule':
    case 'failed':
      return EXIT_STOPPED_BY_RULE;
    case 'crashed':
      return EXIT_CRASH;
    default:
      return assertNever(kind, 'StopKind');
  }
}

/** The exit code of any other command for an API error: 2 when the person asked for something wrong, else 1. */
export function exitCodeForApiError(code: ApiErrorCode): number {
  switch (code) {
    case 'invalid_input':
    case 'not_found':
      return EXIT_INVALID_INPUT;
    case 'conflict':
    case 'provider_error':
    case 'forbidden':
    case 'unavailable':
    case 'internal':
      return EXIT_FAILURE;
    default:
      return assertNever(code, 'ApiErrorCode');
  }
}
