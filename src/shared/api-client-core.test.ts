import { describe, expect, it } from 'vitest';
import { createApiClientCore, type ScheduleTimeout } from './api-client-core';
import { readServerFrame } from './api-frames';

/** Timers a test fires by hand: no waiting, no fake clock. */
function manualTimers() {
  const due: Array<{ callback: () => void; ms: number; cancelled: boolean }> = [];
  const schedule: ScheduleTimeout = (callback, ms) => {
    const timer = { callback, ms, cancelled: false };
    due.push(timer);
    return () => void (timer.cancelled = true);
  };
  const fireAll = (): void => due.filter((timer) => !timer.cancelled).forEach((timer) => timer.callback());
  return { schedule, fireAll, live: () => due.filter((timer) => !timer.cancelled).length };
}

function setup(whileDisconnected: 'queue' | 'fail' = 'fail') {
  const timers = manualTimers();
  const sent: unknown[] = [];
  const problems: string[] = [];
  let isOpen = true;
  const core = createApiClientCore({
    send: (frame) => {
      if (!isOpen) return false;
      sent.push(JSON.parse(frame));
      return true;
    },
    scheduleTimeout: timers.schedule,
    callTimeoutMs: 30_000,
    whileDisconnected,
    peer: 'Autoloop',
    onProblem: (problem) => problems.push(problem),
  });
  const answer = (frame: unknown): void => core.receive(JSON.stringify(frame));
  return { core, timers, sent, problems, answer, setOpen: (open: boolean) => (isOpen = open) };
}

describe('createApiClientCore', () => {
  it('numbers each call and settles it with its own answer, in any order', async () => {
    const { core, sent, answer, timers } = setup();
    const first = core.call('runs.list', {});
    const second = core.call('system.info', {});
    expect(sent).toEqual([
      { id: 1, method: 'runs.list', params: {} },
      { id: 2, method: 'system.info', params: {} },
    ]);
    answer({ id: 2, error: { code: 'not_found', message: 'no' } });
    answer({ id: 1, result: [] });
    await expect(first).resolves.toEqual({ ok: true, value: [] });
    await expect(second).resolves.toEqual({ ok: false, error: { code: 'not_found', message: 'no' } });
    expect(timers.live()).toBe(0);
  });

  it('fails a call whose answer breaks the contract at once, naming the method', async () => {
    const { core, answer } = setup();
    const call = core.call('runs.get', { id: 'r1' });
    answer({ id: 1, error: { code: 'no such code', message: 'x' } });
    await expect(call).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('Autoloop answered runs.get with an error that is not an API error') },
    });
  });

  it('fails the calls in flight at once when a frame names no call, and reports it', async () => {
    const { core, problems } = setup();
    const call = core.call('runs.list', {});
    core.receive('not json');
    await expect(call).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('a frame that is not JSON: not json') },
    });
    expect(problems).toEqual(['Autoloop sent a frame that is not JSON: not json']);
  });

  it('passes pushed events on as they came', () => {
    const { core, answer } = setup();
    const events: unknown[] = [];
    const unsubscribe = core.onEvent((event) => events.push(event));
    answer({ event: { type: 'notice', level: 'info', message: 'hi' } });
    unsubscribe();
    answer({ event: { type: 'notice', level: 'info', message: 'after' } });
    expect(events).toEqual([{ type: 'notice', level: 'info', message: 'hi' }]);
  });

  it('gives up on a call nobody answers, and drops its late answer', async () => {
    const { core, timers, answer, problems } = setup();
    const call = core.call('runs.list', {});
    timers.fireAll();
    await expect(call).resolves.toEqual({ ok: false, error: { code: 'unavailable', message: 'Autoloop did not answer runs.list within 30 s' } });
    answer({ id: 1, result: [] });
    expect(problems).toEqual([]);
  });

  it('fails a call at once while disconnected, or queues it until resend, as the surface chose', async () => {
    const failing = setup('fail');
    failing.setOpen(false);
    await expect(failing.core.call('runs.list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'The connection to Autoloop is closed' },
    });

    const queueing = setup('queue');
    queueing.setOpen(false);
    const queued = queueing.core.call('runs.list', {});
    expect(queueing.sent).toEqual([]);
    queueing.setOpen(true);
    queueing.core.resend();
    expect(queueing.sent).toEqual([{ id: 1, method: 'runs.list', params: {} }]);
    queueing.answer({ id: 1, result: [] });
    await expect(queued).resolves.toEqual({ ok: true, value: [] });
  });

  it('fails the sent calls when the connection drops and keeps the queued ones', async () => {
    const { core, setOpen, sent } = setup('queue');
    const inFlight = core.call('runs.list', {});
    setOpen(false);
    const queued = core.call('system.info', {});
    core.connectionLost();
    await expect(inFlight).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'The connection to Autoloop was lost before runs.list was answered' },
    });
    setOpen(true);
    core.resend();
    expect(sent.at(-1)).toEqual({ id: 2, method: 'system.info', params: {} });
    core.failAll('closed');
    await expect(queued).resolves.toEqual({ ok: false, error: { code: 'unavailable', message: 'closed' } });
  });
});

describe('readServerFrame', () => {
  it('reads answers, errors and events', () => {
    expect(readServerFrame('{"id":3,"result":{"a":1}}')).toEqual({ kind: 'answer', id: 3, response: { ok: true, value: { a: 1 } } });
    expect(readServerFrame('{"id":3,"error":{"code":"conflict","message":"busy"}}')).toEqual({
      kind: 'answer',
      id: 3,
      response: { ok: false, error: { code: 'conflict', message: 'busy' } },
    });
    expect(readServerFrame('{"event":{"type":"x"}}')).toEqual({ kind: 'event', event: { type: 'x' } });
  });

  it('calls anything else malformed, with the id when the frame names one', () => {
    expect(readServerFrame('[1]')).toMatchObject({ kind: 'malformed', id: null });
    expect(readServerFrame('{"hello":1}')).toMatchObject({ kind: 'malformed', id: null });
    expect(readServerFrame('{"id":"7","result":1}')).toMatchObject({ kind: 'malformed', id: null });
    expect(readServerFrame('{"id":7,"error":"no"}')).toMatchObject({ kind: 'malformed', id: 7 });
    expect(readServerFrame(42)).toMatchObject({ kind: 'malformed', id: null, problem: 'a frame that is not text' });
  });
});
