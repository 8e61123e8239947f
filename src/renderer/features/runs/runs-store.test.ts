import { describe, expect, it } from 'vitest';
import { builders } from '../../testing/builders';
import { applyRunDeleted, applyRunFetched, applyRunsListed, applyRunUpdated, emptyRunsState } from './runs-store';

describe('runs store reducers', () => {
  it('puts a new run first and keeps the order on later updates', () => {
    const older = applyRunUpdated(emptyRunsState, builders.run({ id: 'old', createdAt: '2025-01-01T00:00:00Z' }));
    const both = applyRunUpdated(older, builders.run({ id: 'new', createdAt: '2025-01-02T00:00:00Z' }));
    const updated = applyRunUpdated(both, builders.run({ id: 'old', createdAt: '2025-01-01T00:00:00Z', status: 'ended' }));
    expect(updated.order).toEqual(['new', 'old']);
    expect(updated.byId.old?.status).toBe('ended');
  });

  it('orders a listed snapshot newest first', () => {
    const state = applyRunsListed(
      emptyRunsState,
      [
        builders.run({ id: 'b', createdAt: '2025-01-02T00:00:00Z' }),
        builders.run({ id: 'c', createdAt: '2025-01-03T00:00:00Z' }),
        builders.run({ id: 'a', createdAt: '2025-01-01T00:00:00Z' }),
      ],
      0,
    );
    expect(state.order).toEqual(['c', 'b', 'a']);
    expect(state.loaded).toBe(true);
  });

  it('keeps a run pushed while the list was in flight instead of the older snapshot', () => {
    const askedAt = emptyRunsState.pushCount;
    const pushed = applyRunUpdated(emptyRunsState, builders.run({ id: 'r1', status: 'ended' }));
    const listed = applyRunsListed(pushed, [builders.run({ id: 'r1', status: 'running' })], askedAt);
    expect(listed.byId.r1?.status).toBe('ended');
  });

  it('takes the snapshot for runs pushed before the list was asked for, and drops runs it no longer has', () => {
    const pushed = applyRunUpdated(applyRunUpdated(emptyRunsState, builders.run({ id: 'r1', status: 'running' })), builders.run({ id: 'gone' }));
    const listed = applyRunsListed(pushed, [builders.run({ id: 'r1', status: 'ended' })], pushed.pushCount);
    expect(listed.byId.r1?.status).toBe('ended');
    expect(listed.order).toEqual(['r1']);
  });

  it('keeps a run created while the list was in flight', () => {
    const pushed = applyRunUpdated(emptyRunsState, builders.run({ id: 'fresh' }));
    expect(applyRunsListed(pushed, [], 0).order).toEqual(['fresh']);
  });

  it('does not let a fetched run undo a newer push', () => {
    const askedAt = emptyRunsState.pushCount;
    const pushed = applyRunUpdated(emptyRunsState, builders.run({ status: 'stopping' }));
    expect(applyRunFetched(pushed, builders.run({ status: 'running' }), askedAt).byId.r1?.status).toBe('stopping');
    expect(applyRunFetched(pushed, builders.run({ status: 'ended' }), pushed.pushCount).byId.r1?.status).toBe('ended');
  });
});

describe('applyRunDeleted', () => {
  it('removes the run, and a list asked for before the deletion does not bring it back', () => {
    const listed = applyRunsListed(emptyRunsState, [builders.run({ id: 'r1' }), builders.run({ id: 'r2', createdAt: '2025-01-02T00:00:00.000Z' })], 0);
    const askedAt = listed.pushCount;
    const deleted = applyRunDeleted(listed, 'r1');
    expect(deleted.order).toEqual(['r2']);
    const staleList = applyRunsListed(deleted, [builders.run({ id: 'r1' }), builders.run({ id: 'r2', createdAt: '2025-01-02T00:00:00.000Z' })], askedAt);
    expect(staleList.order).toEqual(['r2']);
  });
});
