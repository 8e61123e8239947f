import type { StopReason } from '../../shared/records';
import type { ProcessExit, RunnerConnection } from '../runner-host/runner-host';
import type { LiveRun } from './live-run';

export const STOP_GRACE_MS = 3_000; // `stop` sent → wait for the runner to exit
export const TERM_GRACE_MS = 2_000; // SIGTERM → wait → SIGKILL

/** Resolves with the promise's value, or null if it takes longer than `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

export type LadderStep = 'stop' | 'SIGTERM' | 'SIGKILL';

/** Stops a runner however stubborn it is (DESIGN §4), and resolves with how it ended and the last step it needed. */
export async function runStopLadder(
  runner: Pick<RunnerConnection, 'send' | 'kill' | 'exited'>,
  reason: StopReason,
  graceMs = STOP_GRACE_MS,
): Promise<Readonly<{ exit: ProcessExit; step: LadderStep }>> {
  runner.send({ type: 'stop', reason });
  const graceful = await within(runner.exited, graceMs);
  if (graceful) return { exit: graceful, step: 'stop' };
  runner.kill('SIGTERM');
  const terminated = await within(runner.exited, TERM_GRACE_MS);
  if (terminated) return { exit: terminated, step: 'SIGTERM' };
  runner.kill('SIGKILL');
  return { exit: await runner.exited, step: 'SIGKILL' };
}

/** Ends a live run's process and records `reason`, whatever the runner does; a second call joins the first. */
export function stopLiveRun(state: LiveRun, reason: StopReason, detail: string, graceMs = STOP_GRACE_MS): Promise<void> {
  state.stopReason ??= reason;
  state.stopDetail ??= detail || null;
  state.stopping ??= runStopLadder(state.connection, reason, graceMs).then(({ step }) => {
    state.ladderStep = step;
  });
  return state.stopping;
}
