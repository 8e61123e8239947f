import type { RunnerMessageOf } from '../../shared/protocol';
import type { PauseReason, StopReason } from '../../shared/records';
import type { RunnerConnection } from '../runner-host/runner-host';
import type { LadderStep } from './stop-ladder';

export type IterationUsage = { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; costUsd: number | null };

/** What the supervisor knows about one live runner process. Owned and mutated by the supervisor only. */
export type LiveRun = {
  readonly runId: string;
  readonly connection: RunnerConnection;
  ready: boolean;
  exitMessage: RunnerMessageOf<'exit'> | null;
  stopReason: StopReason | null;
  stopDetail: string | null;
  ladderStep: LadderStep | null;
  /** A pause someone asked for, answered at the next gate. */
  pauseRequested: PauseReason | null;
  /** A stop someone asked for after the current iteration ("Stop after this iteration"), made at the next gate. */
  stopRequested: StopReason | null;
  gatePause: Readonly<{ reason: PauseReason; detail: string }> | null;
  pauseOnExit: boolean;
  unresponsive: boolean;
  stopping: Promise<void> | null;
  lastHeardAt: number;
  pingSentAt: number | null;
  readonly iterationUsage: Map<number, IterationUsage>;
  /** How many times this run was restarted after a crash so far. */
  readonly restarts: number;
  /** The process groups the runner's tools started and have not seen end: killed when the runner's process ends. */
  readonly processGroups: Set<number>;
};

export function createLiveRun(runId: string, connection: RunnerConnection, restarts: number, now: number): LiveRun {
  return {
    runId,
    connection,
    ready: false,
    exitMessage: null,
    stopReason: null,
    stopDetail: null,
    ladderStep: null,
    pauseRequested: null,
    stopRequested: null,
    gatePause: null,
    pauseOnExit: false,
    unresponsive: false,
    stopping: null,
    lastHeardAt: now,
    pingSentAt: null,
    iterationUsage: new Map(),
    restarts,
    processGroups: new Set(),
  };
}
