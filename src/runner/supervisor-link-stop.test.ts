import { describe, expect, it } from 'vitest';
import { init, connect } from './testing/link-harness';

describe('createSupervisorLink', () => {
  it('sees a stop that arrives before init', async () => {
    const { link, supervisor } = connect();
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    supervisor.send(init);
    expect(await link.init).toEqual(init);
    expect(link.stopSignal.aborted).toBe(true);
    expect(link.stopReason()).toBe('user_stop');
  });

  it('answers a gate request with stop, without asking, once stopped', async () => {
    const { link, supervisor } = connect();
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    await supervisor.settled();
    expect(await link.requestGate(1)).toEqual({ decision: 'stop' });
    await supervisor.settled();
    expect(supervisor.received.filter((message) => message.type === 'gate')).toEqual([]);
  });

  it('keeps the first stop reason when a second stop arrives', async () => {
    const { link, supervisor } = connect();
    supervisor.send({ type: 'stop', reason: 'time_limit' });
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    await supervisor.settled();
    expect(link.stopReason()).toBe('time_limit');
  });

  it('has no stop reason and an open stop signal before any stop', async () => {
    const { link, supervisor } = connect();
    supervisor.send(init);
    await link.init;
    expect(link.stopReason()).toBeNull();
    expect(link.stopSignal.aborted).toBe(false);
  });

  it('resolves a pending gate with stop when stop arrives while it waits', async () => {
    const { link, supervisor } = connect();
    const answer = link.requestGate(1);
    await supervisor.waitFor((message) => message.type === 'gate');
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    expect(await answer).toEqual({ decision: 'stop' });
    expect(link.stopReason()).toBe('user_stop');
  });

  it('aborts the stop signal with the stop reason', async () => {
    const { link, supervisor } = connect();
    const aborted = new Promise<unknown>((resolve) => link.stopSignal.addEventListener('abort', () => resolve(link.stopSignal.reason)));
    supervisor.send({ type: 'stop', reason: 'time_limit' });
    expect(String(await aborted)).toContain('time_limit');
  });
});
