import type { RunEvent } from '../../shared/records';
import type { VerifyCommand } from '../../shared/verify';

/**
 * How many verifications of `complete` failed in a row, from a run's stored `verify` events (oldest
 * first), so a resumed run counts on towards `maxVerifyFailures` instead of starting again at 0.
 * A verification runs the commands in order until one fails and logs each: a failed event is one
 * failed verification; every command passing in order is a passed one and resets the count.
 * Events of `verifyEvery: iteration` never count, as in the runner.
 */
export function verifyFailuresInARow(events: ReadonlyArray<Pick<RunEvent, 'data'>>, commands: ReadonlyArray<Pick<VerifyCommand, 'run'>>): number {
  let failures = 0;
  let passedInOrder = 0;
  for (const { data } of events) {
    if (data.trigger !== 'complete') continue;
    if (data.ok !== true) {
      failures += 1;
      passedInOrder = 0;
      continue;
    }
    // A verification cut short by a stop leaves passes that the next one, starting again at the first command, does not continue.
    passedInOrder = data.command === commands[passedInOrder]?.run ? passedInOrder + 1 : data.command === commands[0]?.run ? 1 : 0;
    if (passedInOrder === commands.length) {
      failures = 0;
      passedInOrder = 0;
    }
  }
  return failures;
}
