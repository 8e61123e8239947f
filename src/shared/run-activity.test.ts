import { describe, expect, it } from 'vitest';
import type { RunEvent } from './records';
import { currentAction, type CurrentActionInput, describeToolCall, emptyRunActivity, foldActivity, type RunActivity } from './run-activity';

type Ev = Pick<RunEvent, 'iteration' | 'kind' | 'data' | 'at'>;
const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const fold = (events: ReadonlyArray<Ev>): RunActivity => events.reduce(foldActivity, emptyRunActivity);
const call = (second: number, id: string, tool: string, input: unknown, iteration = 1): Ev => ({
  iteration,
  kind: 'tool_call',
  data: { toolCallId: id, tool, input },
  at: at(second),
});
const result = (second: number, id: string, iteration = 1): Ev => ({ iteration, kind: 'tool_result', data: { toolCallId: id, output: 'ok' }, at: at(second) });
const textAt = (second: number, iteration = 1): Ev => ({ iteration, kind: 'text', data: { text: 'Looking…' }, at: at(second) });

const running = (activity: RunActivity, overrides: Partial<CurrentActionInput> = {}): CurrentActionInput => ({
  status: 'running',
  pauseReason: null,
  startedAt: at(0),
  endedAt: null,
  iterations: [{ n: 1, status: 'running', startedAt: at(1), endedAt: null }],
  activity,
  ...overrides,
});

describe('currentAction', () => {
  it('shows a running bash command since it started, then moves on to the model when its result comes', () => {
    const started = fold([textAt(2), call(3, 'c1', 'bash', { command: 'npm test -- --run' })]);
    expect(currentAction(running(started))).toEqual({ kind: 'tool', text: 'bash: npm test -- --run', since: at(3) });
    const finished = foldActivity(started, result(9, 'c1'));
    expect(currentAction(running(finished))).toEqual({ kind: 'model', text: 'Waiting for the model', since: at(9) });
    expect(currentAction(running(foldActivity(finished, textAt(11))))).toEqual({ kind: 'model', text: 'The model is writing', since: at(11) });
  });

  it('waits for the model from the iteration start before any event, and ignores an older iteration’s open call', () => {
    expect(currentAction(running(emptyRunActivity))).toEqual({ kind: 'model', text: 'Waiting for the model', since: at(1) });
    const stale = fold([call(1, 'c1', 'bash', { command: 'sleep 1' }, 1)]);
    const second = running(stale, {
      iterations: [
        { n: 1, status: 'interrupted', startedAt: at(1), endedAt: at(5) },
        { n: 2, status: 'running', startedAt: at(6), endedAt: null },
      ],
    });
    expect(currentAction(second)).toEqual({ kind: 'model', text: 'Waiting for the model', since: at(6) });
  });

  it('keeps a streaming answer’s start time while its deltas come in', () => {
    expect(fold([textAt(2), textAt(3), textAt(4)]).writingSince).toBe(at(2));
  });

  it('names the call an approval waits for, and the states between and after iterations', () => {
    const asking = fold([call(4, 'c1', 'write_file', { path: 'notes.txt', content: 'x' })]);
    expect(currentAction(running(asking, { status: 'waiting_approval' }))).toMatchObject({
      kind: 'approval',
      text: 'Waiting for your approval: write_file notes.txt',
    });
    const done = [{ n: 1, status: 'ok' as const, startedAt: at(1), endedAt: at(8) }];
    expect(currentAction(running(asking, { iterations: done }))).toEqual({ kind: 'between', text: 'Waiting before the next iteration', since: at(8) });
    expect(currentAction(running(emptyRunActivity, { status: 'paused', pauseReason: 'budget', iterations: done }))).toMatchObject({
      text: 'Paused: a limit was reached',
      since: at(8),
    });
    expect(currentAction(running(emptyRunActivity, { status: 'ended', endedAt: at(20) }))).toEqual({ kind: 'ended', text: 'Ended', since: at(20) });
    expect(currentAction(running(emptyRunActivity, { status: 'ended', stopReason: 'stagnation', endedAt: at(20) }))).toEqual({
      kind: 'ended',
      text: 'Stopped: the same summary several times in a row',
      since: at(20),
    });
  });

  it('keeps the last report summary across iterations and ignores the engine’s run-level notices', () => {
    const activity = fold([call(2, 'r', 'report', { summary: ' Fixed the parser. ' }), { iteration: 0, kind: 'notice', data: {}, at: at(30) }, textAt(40, 2)]);
    expect(activity.lastReport).toEqual({ iteration: 1, summary: 'Fixed the parser.' });
    expect(activity).toMatchObject({ iteration: 2, lastEventAt: at(40), openCalls: [] });
  });
});

describe('describeToolCall', () => {
  it('says what the call touches in a few words and cuts long or multi-line commands', () => {
    expect(describeToolCall('edit_file', { path: 'src/x.ts', old: 'a', new: 'b' })).toBe('edit_file src/x.ts');
    expect(describeToolCall('web_fetch', { url: 'https://example.com/' })).toBe('web_fetch https://example.com/');
    expect(describeToolCall('bash', { command: 'npm ci\nnpm test' })).toBe('bash: npm ci …');
    expect(describeToolCall('bash', { command: 'x'.repeat(100) })).toBe(`bash: ${'x'.repeat(80)} …`);
    expect(describeToolCall('complete', { reason: 'done' })).toBe('complete');
    expect(describeToolCall('list_dir', null)).toBe('list_dir');
  });
});
