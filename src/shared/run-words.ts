import { assertNever } from './assert';
import type { IterationStatus, PauseReason, RunStatus, StopReason } from './records';
import type { ApprovalTimeoutAction } from './run-settings';

// Run, iteration, stop and pause states in words for people: the UI, notifications and the CLI.

/** A run's status in words for people (`waiting_approval` is "Waiting for approval"); the identifier stays the API's. */
export function describeRunStatus(status: RunStatus): string {
  switch (status) {
    case 'queued':
      return 'Queued';
    case 'starting':
      return 'Starting';
    case 'running':
      return 'Running';
    case 'waiting_approval':
      return 'Waiting for approval';
    case 'paused':
      return 'Paused';
    case 'stopping':
      return 'Stopping';
    case 'ended':
      return 'Ended';
    default:
      return assertNever(status, 'RunStatus');
  }
}

/** An iteration's status in words for people. */
export function describeIterationStatus(status: IterationStatus): string {
  switch (status) {
    case 'running':
      return 'Running';
    case 'ok':
      return 'OK';
    case 'error':
      return 'Error';
    case 'denied':
      return 'Denied';
    case 'interrupted':
      return 'Interrupted';
    default:
      return assertNever(status, 'IterationStatus');
  }
}

/** The stop reason in words, for the UI, notifications and the CLI. */
export function describeStopReason(reason: StopReason): string {
  switch (reason) {
    case 'completed':
      return 'Completed: the agent called complete';
    case 'user_stop':
      return 'Stopped by you';
    case 'stagnation':
      return 'Stopped: the same summary several times in a row';
    case 'failure_limit':
      return 'Stopped: too many failed iterations in a row';
    case 'iteration_limit':
      return 'Stopped: reached the iteration limit';
    case 'time_limit':
      return 'Stopped: reached the time limit';
    case 'permission_denied':
      return 'Stopped: a tool call was denied';
    case 'approval_timeout':
      return 'Stopped: an approval was not answered in time';
    case 'auth_failed':
      return 'Stopped: the model provider refused the API key';
    case 'crash':
      return 'Crashed: the runner process exited unexpectedly';
    case 'protocol_error':
      return 'Stopped: the runner sent invalid messages';
    case 'spawn_failed':
      return 'Failed to start the runner process';
    case 'setup_failed':
      return "Stopped: a setup command failed in the run's worktree";
    case 'verify_failed':
      return 'Stopped: the verify commands failed too many times in a row';
    case 'replaced':
      return "Stopped: its schedule's next run replaced it";
    default:
      return assertNever(reason, 'StopReason');
  }
}

/** The pause reason in words. */
export function describePauseReason(reason: PauseReason): string {
  switch (reason) {
    case 'user':
      return 'Paused by you';
    case 'budget':
      return 'Paused: a budget limit was reached';
    case 'approval_timeout':
      return 'Paused: an approval was not answered in time';
    case 'shutdown':
      return 'Paused: Autoloop was shut down';
    case 'interrupted':
      return 'Paused: interrupted by a crash of the app or the machine';
    case 'disk_full':
      return 'Paused: the disk is full';
    case 'imported':
      return 'Paused: imported; confirm its profile, rules, working folder and model to resume it';
    default:
      return assertNever(reason, 'PauseReason');
  }
}

/** What a run's `onApprovalTimeout` does to a request nobody answers in time, in words for the approval card. */
export function describeApprovalTimeout(action: ApprovalTimeoutAction): string {
  switch (action) {
    case 'deny':
      return 'If nobody answers in time, it is denied and the run goes on.';
    case 'pause':
      return 'If nobody answers in time, it is not run and the run pauses after this iteration.';
    case 'stop':
      return 'If nobody answers in time, the run is stopped.';
    default:
      return assertNever(action, 'approval timeout action');
  }
}
