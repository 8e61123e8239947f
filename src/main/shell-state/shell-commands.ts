import type { ApiHandlers, ApiMethod, ApiParams } from '../../shared/api';
import type { RunId } from '../../shared/records';
import { dispatch } from '../../core/api/dispatch';
import type { Logger } from '../../core/logger';
import { type ShellState, pausableRunIds, stoppableRunIds } from './shell-state';

/** What the tray, notifications and dialogs ask the engine to do; failures are reported, never thrown. */
export type ShellCommands = Readonly<{
  pauseRun(runId: RunId): Promise<void>;
  resumeRun(runId: RunId): Promise<void>;
  stopRun(runId: RunId): Promise<void>;
  /** "Run anyway": a queued run starts over the concurrency cap. */
  startNow(runId: RunId): Promise<void>;
  /** "Remove from queue": a queued run ends without starting. */
  dequeue(runId: RunId): Promise<void>;
  decideApproval(approvalId: string, decision: 'allow' | 'deny', scope?: 'once' | 'run'): Promise<void>;
  pauseAll(): Promise<void>;
  stopAll(): Promise<void>;
}>;

/** The engine's API and where failures are reported. */
export type ShellCommandDeps = Readonly<{
  handlers: ApiHandlers;
  current(): ShellState;
  /** Shows a failure where the person looks (a notice in the window). */
  report(message: string): void;
  log: Logger;
}>;

/**
 * The shell's commands over the same `dispatch()` the window's IPC uses (DESIGN §5): the same
 * validation, the same errors. A failure (the run ended meanwhile) becomes a notice, not a crash.
 */
export function createShellCommands(deps: ShellCommandDeps): ShellCommands {
  const call = async <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<void> => {
    const response = await dispatch(deps.handlers, method, params, deps.log);
    if (!response.ok) deps.report(response.error.message);
  };
  return {
    pauseRun: (id) => call('runs.pause', { id }),
    resumeRun: (id) => call('runs.resume', { id }),
    stopRun: (id) => call('runs.stop', { id }),
    startNow: (id) => call('runs.startNow', { id }),
    dequeue: (id) => call('runs.dequeue', { id }),
    decideApproval: (id, decision, scope = 'once') => call('approvals.decide', { id, decision, scope }),
    pauseAll: async () => void (await Promise.all(pausableRunIds(deps.current().runs).map((id) => call('runs.pause', { id })))),
    stopAll: async () => void (await Promise.all(stoppableRunIds(deps.current().runs).map((id) => call('runs.stop', { id })))),
  };
}
