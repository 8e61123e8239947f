import type { RunnerMessageOf } from '../../shared/protocol';
import type { PauseReason, StopReason } from '../../shared/records';
import type { ProcessExit } from '../runner-host/runner-host';
import type { RunChanges } from '../store/runs-repository';
import type { LadderStep } from './stop-ladder';

/** What the supervisor knew when a runner process went away. */
export type ExitFacts = Readonly<{
  exit: ProcessExit;
  exitMessage: RunnerMessageOf<'exit'> | null;
  /** A stop someone (or a rule of the supervisor) asked for, and how far the ladder had to go. */
  stopReason: StopReason | null;
  stopDetail: string | null;
  ladderStep: LadderStep | null;
  /** The pause the last gate answered with. */
  gatePause: Readonly<{ reason: PauseReason; detail: string }> | null;
  /** Shutdown: the run stays paused and resumable. */
  pauseOnExit: boolean;
  /** Killed by the liveness check. */
  unresponsive: boolean;
}>;

const TAIL_IN_DETAIL = 1_000;

/** How the run's row changes when its process is gone. Pure: a crash is never recorded as a clean stop. */
export function decideOutcome(facts: ExitFacts, endedAt: string): RunChanges {
  const { exit, exitMessage } = facts;
  if (facts.pauseOnExit) {
    return { status: 'paused', pauseReason: 'shutdown', stopReason: null, detail: 'Autoloop was shut down; resume to continue' };
  }
  if (exitMessage?.reason === 'paused' && !facts.stopReason) {
    return { status: 'paused', pauseReason: facts.gatePause?.reason ?? 'user', detail: facts.gatePause?.detail ?? exitMessage.detail ?? null };
  }
  // A stop someone asked for wins over what the runner says: a stopped run ends as stopped.
  if (facts.stopReason) {
    const killed = facts.ladderStep && facts.ladderStep !== 'stop' ? `the runner ignored stop and got ${facts.ladderStep}` : '';
    const detail = [facts.stopDetail, killed].filter(Boolean).join('; ');
    return { status: 'ended', stopReason: facts.stopReason, detail: detail || null, endedAt };
  }
  if (exitMessage) return { status: 'ended', stopReason: exitMessage.reason as StopReason, detail: exitMessage.detail ?? null, endedAt };
  const tail = exit.stderrTail.trim();
  const why = facts.unresponsive ? 'unresponsive: no answer to a liveness ping' : 'the runner exited without saying why';
  return {
    status: 'ended',
    stopReason: 'crash',
    detail: `${why} (exit code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'})${tail ? `. Last output:\n${tail.slice(-TAIL_IN_DETAIL)}` : ''}`,
    endedAt,
  };
}
