import { assertNever } from './assert';
import type { PauseReason, Run, StopReason } from './records';

/**
 * A run's outcome as one badge, so every surface answers "did it work, and does it need me?" the
 * same way: what happened (`kind`), the words people read, an icon, a tone that picks the colour,
 * and whether the run waits for the person (it goes in the runs list's "Needs you" group).
 */
export type RunBadgeKind =
  | 'queued'
  | 'starting'
  | 'running'
  | 'stopping'
  | 'needs_approval'
  | 'paused_budget'
  | 'paused'
  | 'paused_attention'
  | 'interrupted'
  | 'completed'
  | 'stopped'
  | 'stagnated'
  | 'limit_reached'
  | 'failed'
  | 'crashed';

/** The colour family: live work, done well, a person's choice, worth a look, gone wrong. */
export type RunBadgeTone = 'active' | 'ok' | 'neutral' | 'warn' | 'bad';

export type RunBadge = Readonly<{ kind: RunBadgeKind; label: string; icon: string; tone: RunBadgeTone; needsPerson: boolean }>;

const badge = (kind: RunBadgeKind, label: string, icon: string, tone: RunBadgeTone, needsPerson = false): RunBadge => ({
  kind,
  label,
  icon,
  tone,
  needsPerson,
});

function pausedBadge(reason: PauseReason | null): RunBadge {
  switch (reason) {
    case 'budget':
      return badge('paused_budget', 'Paused for budget', '$', 'warn', true);
    case 'approval_timeout':
      return badge('paused_attention', 'Approval timed out', '‖', 'warn', true);
    case 'imported':
      return badge('paused_attention', 'Imported: confirm', '‖', 'warn', true);
    case 'disk_full':
      return badge('paused_attention', 'Disk full', '‖', 'bad', true);
    case 'shutdown':
    case 'interrupted':
      return badge('interrupted', 'Interrupted', '↯', 'warn', true);
    case 'user':
    case null:
      return badge('paused', 'Paused by you', '‖', 'neutral');
    default:
      return assertNever(reason, 'PauseReason');
  }
}

function endedBadge(reason: StopReason | null): RunBadge {
  switch (reason) {
    case 'completed':
      return badge('completed', 'Completed', '✓', 'ok');
    case 'user_stop':
      return badge('stopped', 'Stopped by you', '■', 'neutral');
    case 'replaced':
      return badge('stopped', 'Replaced by its schedule', '■', 'neutral');
    case 'stagnation':
      return badge('stagnated', 'Stagnated', '↻', 'warn');
    case 'iteration_limit':
    case 'time_limit':
      return badge('limit_reached', 'Limit reached', '⊘', 'neutral');
    case 'auth_failed':
      // The key can be fixed and the run resumed: it waits for the person.
      return badge('failed', 'Failed', '✕', 'bad', true);
    case 'failure_limit':
    case 'permission_denied':
    case 'approval_timeout':
    case 'setup_failed':
    case 'verify_failed':
      return badge('failed', 'Failed', '✕', 'bad');
    case 'crash':
      // Resumable from its checkpoint: it waits for the person.
      return badge('crashed', 'Crashed', '✕', 'bad', true);
    case 'protocol_error':
    case 'spawn_failed':
      return badge('crashed', 'Crashed', '✕', 'bad');
    case null:
      return badge('stopped', 'Ended', '■', 'neutral');
    default:
      return assertNever(reason, 'StopReason');
  }
}

/** Pure: the badge of a run, from its status and why it paused or ended; never a raw identifier. */
export function runBadgeOf(run: Pick<Run, 'status' | 'stopReason' | 'pauseReason'>): RunBadge {
  switch (run.status) {
    case 'queued':
      return badge('queued', 'Queued', '…', 'active');
    case 'starting':
      return badge('starting', 'Starting', '◌', 'active');
    case 'running':
      return badge('running', 'Running', '▶', 'active');
    case 'stopping':
      return badge('stopping', 'Stopping', '◌', 'active');
    case 'waiting_approval':
      return badge('needs_approval', 'Needs approval', '?', 'warn', true);
    case 'paused':
      return pausedBadge(run.pauseReason);
    case 'ended':
      return endedBadge(run.stopReason);
    default:
      return assertNever(run.status, 'RunStatus');
  }
}

/** Pure: whether a run waits for the person (an approval, a budget, a resume after a crash, an interruption or a refused key). */
export function needsPerson(run: Pick<Run, 'status' | 'stopReason' | 'pauseReason'>): boolean {
  return runBadgeOf(run).needsPerson;
}
