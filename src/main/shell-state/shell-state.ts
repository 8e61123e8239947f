import type { ApiPushEvent } from '../../shared/api';
import { assertNever } from '../../shared/assert';
import { type Approval, type Run, type RunId, isActive } from '../../shared/records';
import { canPause, canStop, isCrashed } from '../../shared/run-actions';

/**
 * What the tray, notifications and dialogs know: the runs a person may still act on (active,
 * paused or crashed), oldest first, and the pending approvals, oldest first.
 */
export type ShellState = Readonly<{ runs: ReadonlyArray<Run>; approvals: ReadonlyArray<Approval> }>;

/** The state before anything was loaded. */
export const EMPTY_SHELL_STATE: ShellState = { runs: [], approvals: [] };

/** Whether a run belongs in the shell state: it has a process, waits in the queue for one, or a paused or crashed one can get one again. */
export function isListedRun(run: Run): boolean {
  return isActive(run.status) || run.status === 'queued' || run.status === 'paused' || isCrashed(run);
}

const byCreation = (a: Run, b: Run): number => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
const byRequest = (a: Approval, b: Approval): number => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id);

/** The shell state from what `runs.list` and `approvals.list` answered. */
export function shellStateFrom(runs: ReadonlyArray<Run>, approvals: ReadonlyArray<Approval>): ShellState {
  return { runs: runs.filter(isListedRun).sort(byCreation), approvals: approvals.filter((approval) => approval.status === 'pending').sort(byRequest) };
}

function withRun(state: ShellState, run: Run): ShellState {
  const others = state.runs.filter((known) => known.id !== run.id);
  if (isListedRun(run)) return { ...state, runs: [...others, run].sort(byCreation) };
  // An ended run can answer nothing any more: its requests go with it.
  return { runs: others, approvals: state.approvals.filter((approval) => approval.runId !== run.id) };
}

function withApproval(state: ShellState, approval: Approval): ShellState {
  const others = state.approvals.filter((known) => known.id !== approval.id);
  if (approval.status !== 'pending') return others.length === state.approvals.length ? state : { ...state, approvals: others };
  return { ...state, approvals: [...others, approval].sort(byRequest) };
}

/** The shell state after one pushed event; events that change nothing return the same object. */
export function applyPushEvent(state: ShellState, event: ApiPushEvent): ShellState {
  switch (event.type) {
    case 'run.updated':
      return withRun(state, event.run);
    case 'run.deleted':
      return { runs: state.runs.filter((run) => run.id !== event.runId), approvals: state.approvals.filter((approval) => approval.runId !== event.runId) };
    case 'approval.requested':
    case 'approval.resolved':
      return withApproval(state, event.approval);
    case 'run.iteration':
    case 'run.event':
    case 'notice':
    case 'schedule.changed':
      return state;
    default:
      return assertNever(event, 'ApiPushEvent');
  }
}

/** The oldest pending approval of a run (or of any run), the one a tray item or a dialog answers first. */
export function oldestPendingApproval(state: ShellState, runId?: RunId): Approval | null {
  return state.approvals.find((approval) => runId === undefined || approval.runId === runId) ?? null;
}

/** Whether an approval is still waiting for an answer. */
export function isPendingApproval(state: ShellState, approvalId: string): boolean {
  return state.approvals.some((approval) => approval.id === approvalId);
}

/** The runs "Pause all" asks to pause. */
export function pausableRunIds(runs: ReadonlyArray<Run>): RunId[] {
  return runs.filter(canPause).map((run) => run.id);
}

/** The runs "Stop all" stops: every listed run, paused ones included. */
export function stoppableRunIds(runs: ReadonlyArray<Run>): RunId[] {
  return runs.filter(canStop).map((run) => run.id);
}
