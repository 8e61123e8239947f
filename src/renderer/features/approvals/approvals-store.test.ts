import { describe, expect, it } from 'vitest';
import { builders } from '../../testing/builders';
import {
  applyApprovalRequested,
  applyApprovalResolved,
  applyHistoryListed,
  applyPendingListed,
  emptyApprovalsState,
  HISTORY_KEPT_MAX,
  selectPendingOfRun,
} from './approvals-store';

const pending = (id: string, requestedAt: string, runId = 'r1') => builders.approval({ id, runId, requestedAt });
const answered = (id: string, decidedAt: string, status: 'allowed' | 'denied' = 'allowed') =>
  builders.approval({ id, status, decidedBy: 'user', decidedAt, scope: status === 'allowed' ? 'once' : null });

describe('approvals reducers', () => {
  it('keeps pending requests oldest first, whatever order they arrive in', () => {
    let state = applyApprovalRequested(emptyApprovalsState, pending('b', '2025-01-01T00:00:05.000Z'));
    state = applyApprovalRequested(state, pending('a', '2025-01-01T00:00:01.000Z'));
    state = applyApprovalRequested(state, pending('c', '2025-01-01T00:00:09.000Z'));
    expect(state.pendingIds).toEqual(['a', 'b', 'c']);
  });

  it('takes a resolved request off the pending list and puts it first in the history', () => {
    let state = applyApprovalRequested(emptyApprovalsState, pending('a', '2025-01-01T00:00:01.000Z'));
    state = applyApprovalRequested(state, pending('b', '2025-01-01T00:00:02.000Z'));
    state = applyApprovalResolved(state, {
      ...pending('a', '2025-01-01T00:00:01.000Z'),
      status: 'denied',
      decidedBy: 'user',
      decidedAt: '2025-01-01T00:01:00.000Z',
    });
    expect(state.pendingIds).toEqual(['b']);
    expect(Object.keys(state.byId)).toEqual(['b']);
    expect(state.history.map((approval) => [approval.id, approval.status])).toEqual([['a', 'denied']]);
  });

  it('treats the same resolution twice (the decide answer, then the push) as one', () => {
    const resolved = answered('a', '2025-01-01T00:01:00.000Z');
    const once = applyApprovalResolved(applyApprovalRequested(emptyApprovalsState, pending('a', '2025-01-01T00:00:01.000Z')), resolved);
    const twice = applyApprovalResolved(once, resolved);
    expect(twice.pendingIds).toEqual([]);
    expect(twice.history).toHaveLength(1);
  });

  it('does not bring back a request answered after the pending list was asked for', () => {
    const a = pending('a', '2025-01-01T00:00:01.000Z');
    const b = pending('b', '2025-01-01T00:00:02.000Z');
    const askedAt = emptyApprovalsState.pushCount;
    const afterPush = applyApprovalResolved(applyApprovalRequested(emptyApprovalsState, a), answered('a', '2025-01-01T00:00:03.000Z'));
    const listed = applyPendingListed(afterPush, [a, b], askedAt);
    expect(listed.pendingIds).toEqual(['b']);
    expect(listed.loaded).toBe(true);
  });

  it('keeps a request pushed while the list was on its way, and drops ones the list no longer has', () => {
    const stale = applyPendingListed(emptyApprovalsState, [pending('old', '2025-01-01T00:00:00.000Z')], 0);
    const askedAt = stale.pushCount;
    const pushed = applyApprovalRequested(stale, pending('new', '2025-01-01T00:00:09.000Z'));
    const listed = applyPendingListed(pushed, [pending('x', '2025-01-01T00:00:04.000Z')], askedAt);
    expect(listed.pendingIds).toEqual(['x', 'new']);
  });

  it('fills the history from approvals.list, answered only, latest answer first, bounded', () => {
    const listed = Array.from({ length: HISTORY_KEPT_MAX + 5 }, (_, index) => answered(`h${index}`, new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString()));
    const state = applyHistoryListed(emptyApprovalsState, [pending('p', '2025-01-01T00:00:00.000Z'), ...listed]);
    expect(state.history).toHaveLength(HISTORY_KEPT_MAX);
    expect(state.history[0]?.id).toBe(`h${HISTORY_KEPT_MAX + 4}`);
    expect(state.history.some((approval) => approval.id === 'p')).toBe(false);
  });

  it('selects the pending requests of one run', () => {
    let state = applyApprovalRequested(emptyApprovalsState, pending('a', '2025-01-01T00:00:01.000Z', 'r1'));
    state = applyApprovalRequested(state, pending('b', '2025-01-01T00:00:02.000Z', 'r2'));
    state = applyApprovalRequested(state, pending('c', '2025-01-01T00:00:03.000Z', 'r1'));
    expect(selectPendingOfRun(state, 'r1').map((approval) => approval.id)).toEqual(['a', 'c']);
  });
});
