import { describe, expect, it } from 'vitest';
import { builders } from '../../testing/builders';
import {
  applyEventPushed,
  applyEventsPage,
  applyIterations,
  applyLogLoaded,
  applyRunClosed,
  applyRunOpened,
  emptyRunDetailState,
  type RunDetailState,
} from './run-detail-store';

const notice = (seq: number, runId = 'r1') => builders.event({ runId, seq, kind: 'notice', data: { message: `line ${seq}` } });
const texts = (state: RunDetailState): string[] => state.log.rows.filter((row) => row.kind !== 'iteration').map((row) => row.text);

describe('run detail reducers', () => {
  it('upserts iterations by n and keeps them in order', () => {
    const opened = applyRunOpened(emptyRunDetailState, 'r1');
    const some = applyIterations(opened, [builders.iteration({ n: 2 }), builders.iteration({ n: 1 })]);
    const updated = applyIterations(some, [builders.iteration({ n: 2, summary: 'second, again' }), builders.iteration({ n: 3, status: 'running' })]);
    expect(updated.iterations.map((iteration) => [iteration.n, iteration.summary])).toEqual([
      [1, 'did a thing'],
      [2, 'second, again'],
      [3, 'did a thing'],
    ]);
  });

  it('does not let a late snapshot turn a finished iteration back into a running one', () => {
    const pushed = applyIterations(applyRunOpened(emptyRunDetailState, 'r1'), [builders.iteration({ n: 1, status: 'ok' })]);
    const stale = applyIterations(pushed, [builders.iteration({ n: 1, status: 'running', endedAt: null })]);
    expect(stale.iterations[0]?.status).toBe('ok');
  });

  it('ignores iterations and events of other runs', () => {
    const opened = applyRunOpened(emptyRunDetailState, 'r1');
    expect(applyIterations(opened, [builders.iteration({ runId: 'r2' })])).toBe(opened);
    const live = applyLogLoaded(opened, 'r1');
    expect(applyEventPushed(live, notice(1, 'r2'))).toBe(live);
  });

  it('holds pushes while the log is paged in, then adds them without duplicates', () => {
    const opened = applyRunOpened(emptyRunDetailState, 'r1');
    const withPushes = applyEventPushed(applyEventPushed(opened, notice(3)), notice(4));
    const paged = applyEventsPage(withPushes, 'r1', [notice(1), notice(2), notice(3)]);
    expect(texts(paged)).toEqual(['line 1', 'line 2', 'line 3']);
    const loaded = applyLogLoaded(paged, 'r1');
    expect(texts(loaded)).toEqual(['line 1', 'line 2', 'line 3', 'line 4']);
    expect(loaded.log.lastSeq).toBe(4);
    expect(loaded.pending).toEqual([]);
  });

  it('ignores an event it has already shown, without a new version', () => {
    const live = applyLogLoaded(applyEventsPage(applyRunOpened(emptyRunDetailState, 'r1'), 'r1', [notice(1), notice(2)]), 'r1');
    const again = applyEventPushed(live, notice(2));
    expect(again).toBe(live);
    expect(texts(again)).toEqual(['line 1', 'line 2']);
    expect(applyEventPushed(live, notice(3)).logVersion).toBe(live.logVersion + 1);
  });

  it('holds a push that skips sequence numbers and asks for the log to be paged in again', () => {
    const live = applyLogLoaded(applyEventsPage(applyRunOpened(emptyRunDetailState, 'r1'), 'r1', [notice(1), notice(2)]), 'r1');
    const gap = applyEventPushed(live, notice(5));
    expect(gap).toMatchObject({ isLoadingLog: true, pending: [notice(5)], refills: live.refills + 1 });
    expect(texts(gap)).toEqual(['line 1', 'line 2']);
    const refilled = applyLogLoaded(applyEventsPage(applyRunOpened(gap, 'r1'), 'r1', [notice(3), notice(4), notice(5)]), 'r1');
    expect(texts(refilled)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  });

  it('keeps the log when the open run is opened again after a reconnect', () => {
    const live = applyLogLoaded(applyEventsPage(applyRunOpened(emptyRunDetailState, 'r1'), 'r1', [notice(1)]), 'r1');
    const reopened = applyRunOpened(live, 'r1');
    expect(reopened.isLoadingLog).toBe(true);
    expect(reopened.log.lastSeq).toBe(1);
    expect(applyRunOpened(live, 'r2').log.rows).toEqual([]);
  });

  it('follows the open tool call from pushed events once each, for the now strip', () => {
    const live = applyLogLoaded(applyRunOpened(emptyRunDetailState, 'r1'), 'r1');
    const bash = builders.event({
      runId: 'r1',
      seq: 1,
      iteration: 1,
      kind: 'tool_call',
      data: { toolCallId: 'c1', tool: 'bash', input: { command: 'npm test' } },
    });
    const calling = applyEventPushed(live, bash);
    expect(calling.activity.openCalls).toEqual([expect.objectContaining({ callId: 'c1', tool: 'bash' })]);
    expect(applyEventPushed(calling, bash).activity.openCalls).toHaveLength(1);
    const done = builders.event({ runId: 'r1', seq: 2, iteration: 1, kind: 'tool_result', data: { toolCallId: 'c1', tool: 'bash', output: 'ok' } });
    expect(applyEventPushed(calling, done).activity.openCalls).toEqual([]);
  });

  it('closes only the run that is open', () => {
    const opened = applyRunOpened(emptyRunDetailState, 'r2');
    expect(applyRunClosed(opened, 'r1')).toBe(opened);
    expect(applyRunClosed(opened, 'r2')).toEqual(emptyRunDetailState);
  });
});
