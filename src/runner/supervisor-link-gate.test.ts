import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect } from './testing/link-harness';

afterEach(() => {
  vi.useRealTimers();
});

describe('createSupervisorLink', () => {
  it('answers a ping with a pong carrying its nonce', async () => {
    const { supervisor } = connect();
    const pong = supervisor.waitFor((message) => message.type === 'pong');
    supervisor.send({ type: 'ping', nonce: 'abc-123' });
    expect(await pong).toEqual({ type: 'pong', nonce: 'abc-123' });
  });

  it('answers a ping before init too', async () => {
    vi.useFakeTimers();
    const { supervisor } = connect(1_000);
    const pong = supervisor.waitFor((message) => message.type === 'pong');
    supervisor.send({ type: 'ping', nonce: 'early' });
    expect(await pong).toEqual({ type: 'pong', nonce: 'early' });
  });

  it('asks the gate with a gate message and resolves go on a go', async () => {
    const { link, supervisor } = connect();
    const gate = supervisor.waitFor((message) => message.type === 'gate');
    const answer = link.requestGate(4);
    expect(await gate).toEqual({ type: 'gate', iteration: 4 });
    supervisor.send({ type: 'gate_result', iteration: 4, decision: 'go' });
    expect(await answer).toEqual({ decision: 'go' });
  });

  it('resolves pause with the reason on a pause', async () => {
    const { link, supervisor } = connect();
    const answer = link.requestGate(2);
    await supervisor.waitFor((message) => message.type === 'gate');
    supervisor.send({ type: 'gate_result', iteration: 2, decision: 'pause', reason: 'budget' });
    expect(await answer).toEqual({ decision: 'pause', reason: 'budget' });
  });

  it('resolves pause with reason "paused" when the supervisor gives none', async () => {
    const { link, supervisor } = connect();
    const answer = link.requestGate(2);
    await supervisor.waitFor((message) => message.type === 'gate');
    supervisor.send({ type: 'gate_result', iteration: 2, decision: 'pause' });
    expect(await answer).toEqual({ decision: 'pause', reason: 'paused' });
  });

  it('ignores a gate_result for another iteration and logs it', async () => {
    const { link, supervisor, logs } = connect();
    let answered = false;
    const answer = link.requestGate(3).finally(() => (answered = true));
    await supervisor.waitFor((message) => message.type === 'gate');
    supervisor.send({ type: 'gate_result', iteration: 2, decision: 'go' });
    await supervisor.settled();
    expect(answered).toBe(false);
    expect(logs.some((line) => line.includes('gate_result for iteration 2'))).toBe(true);
    supervisor.send({ type: 'gate_result', iteration: 3, decision: 'go' });
    expect(await answer).toEqual({ decision: 'go' });
  });
});
