import { describe, expect, it } from 'vitest';
import { canPause, canResume, canStop } from '../../shared/run-actions';
import { buildRun } from '../../shared/testing/build-run';
import { buildApproval } from '../testing/build-approval';
import { EMPTY_SHELL_STATE, applyPushEvent, isPendingApproval, oldestPendingApproval, pausableRunIds, shellStateFrom, stoppableRunIds } from './shell-state';

const running = buildRun({ id: 'r1', status: 'running', createdAt: '2026-11-26T10:00:00.000Z' });
const paused = buildRun({ id: 'r2', status: 'paused', pauseReason: 'user', createdAt: '2026-11-26T09:00:00.000Z' });
const ended = buildRun({ id: 'r3', status: 'ended', stopReason: 'completed' });

describe('shellStateFrom', () => {
  it('keeps active and paused runs oldest first, and pending approvals oldest first', () => {
    const late = buildApproval({ id: 'a2', requestedAt: '2026-11-26T10:00:09.000Z' });
    const early = buildApproval({ id: 'a1', requestedAt: '2026-11-26T10:00:01.000Z' });
    const answered = buildApproval({ id: 'a0', status: 'allowed' });
    const state = shellStateFrom([running, ended, paused], [late, answered, early]);
    expect(state.runs.map((run) => run.id)).toEqual(['r2', 'r1']);
    expect(state.approvals.map((approval) => approval.id)).toEqual(['a1', 'a2']);
  });
});

describe('applyPushEvent', () => {
  it('adds a new run and replaces a known one', () => {
    const started = applyPushEvent(EMPTY_SHELL_STATE, { type: 'run.updated', run: running });
    const waiting = applyPushEvent(started, { type: 'run.updated', run: { ...running, status: 'waiting_approval' } });
    expect(waiting.runs).toEqual([{ ...running, status: 'waiting_approval' }]);
  });

  it('drops a run that ended, with its pending requests', () => {
    const state = shellStateFrom([running, paused], [buildApproval({ id: 'a1', runId: 'r1' }), buildApproval({ id: 'a2', runId: 'r2' })]);
    const after = applyPushEvent(state, { type: 'run.updated', run: { ...running, status: 'ended', stopReason: 'user_stop' } });
    expect(after.runs.map((run) => run.id)).toEqual(['r2']);
    expect(after.approvals.map((approval) => approval.id)).toEqual(['a2']);
  });

  it('adds requested approvals and removes resolved ones', () => {
    const requested = applyPushEvent(EMPTY_SHELL_STATE, { type: 'approval.requested', approval: buildApproval({ id: 'a1' }) });
    expect(requested.approvals.map((approval) => approval.id)).toEqual(['a1']);
    const resolved = applyPushEvent(requested, { type: 'approval.resolved', approval: buildApproval({ id: 'a1', status: 'denied' }) });
    expect(resolved.approvals).toEqual([]);
  });

  it('returns the same state for events that change nothing', () => {
    const state = shellStateFrom([running], []);
    expect(applyPushEvent(state, { type: 'notice', level: 'info', message: 'hi' })).toBe(state);
    expect(applyPushEvent(state, { type: 'approval.resolved', approval: buildApproval({ id: 'unknown', status: 'allowed' }) })).toBe(state);
    expect(
      applyPushEvent(state, { type: 'run.event', event: { runId: 'r1', seq: 1, iteration: 1, kind: 'text', data: {}, at: '2026-11-26T10:00:00.000Z' } }),
    ).toBe(state);
  });
});

describe('run questions', () => {
  it('pauses only runs that will reach a gate, resumes only non-budget pauses, stops anything listed but stopping', () => {
    expect(['starting', 'running', 'waiting_approval'].every((status) => canPause(buildRun({ status: status as 'running' })))).toBe(true);
    expect(canPause(buildRun({ status: 'stopping' }))).toBe(false);
    expect(canPause(paused)).toBe(false);
    expect(canResume(paused)).toBe(true);
    expect(canResume(buildRun({ status: 'paused', pauseReason: 'budget' }))).toBe(false);
    expect(canResume(running)).toBe(false);
    expect(canStop(paused)).toBe(true);
    expect(canStop(buildRun({ status: 'stopping' }))).toBe(false);
    expect(canStop(ended)).toBe(false);
  });

  it('"Pause all" takes the running runs, "Stop all" the paused ones too', () => {
    const runs = [running, paused, buildRun({ id: 'r4', status: 'stopping' })];
    expect(pausableRunIds(runs)).toEqual(['r1']);
    expect(stoppableRunIds(runs)).toEqual(['r1', 'r2']);
  });

  it('finds the oldest pending approval of a run, or of any run', () => {
    const state = shellStateFrom(
      [running, paused],
      [
        buildApproval({ id: 'a2', runId: 'r1', requestedAt: '2026-11-26T10:00:02.000Z' }),
        buildApproval({ id: 'a1', runId: 'r2', requestedAt: '2026-11-26T10:00:01.000Z' }),
        buildApproval({ id: 'a3', runId: 'r1', requestedAt: '2026-11-26T10:00:03.000Z' }),
      ],
    );
    expect(oldestPendingApproval(state, 'r1')?.id).toBe('a2');
    expect(oldestPendingApproval(state)?.id).toBe('a1');
    expect(oldestPendingApproval(state, 'r9')).toBeNull();
    expect(isPendingApproval(state, 'a3')).toBe(true);
    expect(isPendingApproval(state, 'a9')).toBe(false);
  });
});
