import { createStore, useStore } from 'zustand';
import type { Approval, RunId } from '../../../shared/records';

/** Answered requests kept for the history; older ones stay in the engine (`approvals.list {status: 'all'}`). */
export const HISTORY_KEPT_MAX = 50;

/** Every pending approval request the window knows, and the latest answered ones. */
export type ApprovalsState = Readonly<{
  /** Pending requests only. */
  byId: Readonly<Record<string, Approval>>;
  /** Pending ids, oldest request first (the order a person should answer them in). */
  pendingIds: ReadonlyArray<string>;
  /** Answered requests, latest answer first, at most HISTORY_KEPT_MAX. */
  history: ReadonlyArray<Approval>;
  loaded: boolean;
  /**
   * Counts pushes and remembers the count at each request's last push, so a fetched list never
   * brings back a request that was answered after the list was asked for (as in the runs store).
   */
  pushCount: number;
  pushedAt: Readonly<Record<string, number>>;
}>;

/** Before `approvals.list` has answered. */
export const emptyApprovalsState: ApprovalsState = { byId: {}, pendingIds: [], history: [], loaded: false, pushCount: 0, pushedAt: {} };

const oldestFirst =
  (byId: Readonly<Record<string, Approval>>) =>
  (a: string, b: string): number =>
    (byId[a]?.requestedAt ?? '').localeCompare(byId[b]?.requestedAt ?? '');

const answeredAt = (approval: Approval): string => approval.decidedAt ?? approval.requestedAt;

function withHistory(history: ReadonlyArray<Approval>, answered: ReadonlyArray<Approval>): ReadonlyArray<Approval> {
  const byId = new Map<string, Approval>();
  for (const approval of [...history, ...answered]) byId.set(approval.id, approval);
  return [...byId.values()].sort((a, b) => answeredAt(b).localeCompare(answeredAt(a))).slice(0, HISTORY_KEPT_MAX);
}

function withPending(state: ApprovalsState, byId: Readonly<Record<string, Approval>>): Pick<ApprovalsState, 'byId' | 'pendingIds'> {
  // Array.sort is stable: requests made in the same millisecond keep the engine's order.
  const kept = state.pendingIds.filter((id) => id in byId);
  const added = Object.keys(byId).filter((id) => !kept.includes(id));
  return { byId, pendingIds: [...kept, ...added].sort(oldestFirst(byId)) };
}

function withPushed(state: ApprovalsState, id: string): Pick<ApprovalsState, 'pushCount' | 'pushedAt'> {
  const pushCount = state.pushCount + 1;
  return { pushCount, pushedAt: { ...state.pushedAt, [id]: pushCount } };
}

function withoutPending(state: ApprovalsState, id: string): Pick<ApprovalsState, 'byId' | 'pendingIds'> {
  if (!(id in state.byId)) return { byId: state.byId, pendingIds: state.pendingIds };
  const { [id]: _answered, ...byId } = state.byId;
  return { byId, pendingIds: state.pendingIds.filter((pendingId) => pendingId !== id) };
}

/** Pure: the state after an `approval.requested` push. */
export function applyApprovalRequested(state: ApprovalsState, approval: Approval): ApprovalsState {
  if (approval.status !== 'pending') return applyApprovalResolved(state, approval);
  return { ...state, ...withPending(state, { ...state.byId, [approval.id]: approval }), ...withPushed(state, approval.id) };
}

/** Pure: the state after an `approval.resolved` push, or the answer of `approvals.decide`; the request leaves the pending list. */
export function applyApprovalResolved(state: ApprovalsState, approval: Approval): ApprovalsState {
  return { ...state, ...withoutPending(state, approval.id), history: withHistory(state.history, [approval]), ...withPushed(state, approval.id) };
}

const pushedSince = (state: ApprovalsState, id: string, askedAt: number): boolean => (state.pushedAt[id] ?? -1) > askedAt;

/** Pure: the state after `approvals.list {status: 'pending'}`, asked for when `pushCount` was `askedAt`. */
export function applyPendingListed(state: ApprovalsState, approvals: ReadonlyArray<Approval>, askedAt: number): ApprovalsState {
  const byId: Record<string, Approval> = {};
  for (const approval of approvals) {
    if (approval.status === 'pending' && !pushedSince(state, approval.id, askedAt)) byId[approval.id] = approval;
  }
  for (const [id, approval] of Object.entries(state.byId)) {
    if (pushedSince(state, id, askedAt)) byId[id] = approval;
  }
  return { ...state, ...withPending(state, byId), loaded: true };
}

/** Pure: the state after `approvals.list {status: 'all'}`; its pending entries are left to the pending list. */
export function applyHistoryListed(state: ApprovalsState, approvals: ReadonlyArray<Approval>): ApprovalsState {
  const answered = approvals.filter((approval) => approval.status !== 'pending');
  // A pushed answer is at least as new as a listed one: listed entries go first so pushes win.
  const history = withHistory(answered, state.history);
  return { ...state, history };
}

/** Pure: the pending requests of one run, oldest first. */
export function selectPendingOfRun(state: Pick<ApprovalsState, 'byId' | 'pendingIds'>, runId: RunId): ReadonlyArray<Approval> {
  return state.pendingIds.flatMap((id) => {
    const approval = state.byId[id];
    return approval?.runId === runId ? [approval] : [];
  });
}

/** The approvals feature store (vanilla zustand, STYLE R17). */
export const approvalsStore = createStore<ApprovalsState>()(() => emptyApprovalsState);

const update = (reduce: (state: ApprovalsState) => ApprovalsState): void => approvalsStore.setState(reduce, true);

/** Called by the event router, never by components. */
export function receiveApprovalRequested(approval: Approval): void {
  update((state) => applyApprovalRequested(state, approval));
}

/** Called by the event router, and with the answer of `approvals.decide`. */
export function receiveApprovalResolved(approval: Approval): void {
  update((state) => applyApprovalResolved(state, approval));
}

/** Records the pending list; `askedAt` is `approvalsStore.getState().pushCount` read before the call was made. */
export function receivePendingListed(approvals: ReadonlyArray<Approval>, askedAt: number): void {
  update((state) => applyPendingListed(state, approvals, askedAt));
}

/** Records the answered requests of `approvals.list {status: 'all'}`. */
export function receiveHistoryListed(approvals: ReadonlyArray<Approval>): void {
  update((state) => applyHistoryListed(state, approvals));
}

/** Subscribe a component to the smallest slice it needs. */
export function useApprovalsStore<T>(selector: (state: ApprovalsState) => T): T {
  return useStore(approvalsStore, selector);
}
