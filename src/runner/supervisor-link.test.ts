import { describe, expect, it } from 'vitest';
import type { MessageChannelLike } from '../shared/channel';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { createChannelPair } from '../shared/testing/channel-pair';
import { createSupervisorLink } from './supervisor-link';
import { connect } from './testing/link-harness';

describe('createSupervisorLink', () => {
  it.each([
    ['an unknown type', { type: 'launch' }],
    ['a stop with an unknown reason', { type: 'stop', reason: 'bored' }],
    ['a gate_result with a negative iteration', { type: 'gate_result', iteration: -1, decision: 'go' }],
    ['a string', 'stop'],
    ['null', null],
  ])('drops and logs %s without throwing', async (_what, message) => {
    const { link, supervisor, logs } = connect();
    supervisor.send(message);
    await supervisor.settled();
    expect(logs.filter((line) => line.startsWith('dropped an invalid supervisor message'))).toHaveLength(1);
    expect(link.stopSignal.aborted).toBe(false);
  });

  it('logs an approval_result that nobody waits for', async () => {
    const { supervisor, logs } = connect();
    supervisor.send({ type: 'approval_result', requestId: 'req-9', decision: 'allow' });
    await supervisor.settled();
    expect(logs.some((line) => line.includes('req-9'))).toBe(true);
  });

  it('passes runner messages to the supervisor', async () => {
    const { link, supervisor } = connect();
    const ready = supervisor.waitFor((message) => message.type === 'ready');
    link.send({ type: 'ready', pid: 42, protocol: PROTOCOL_VERSION });
    expect(await ready).toEqual({ type: 'ready', pid: 42, protocol: PROTOCOL_VERSION });
  });

  it('unsubscribes from and closes its channel on close', () => {
    const [runnerChannel] = createChannelPair();
    const listeners: Array<(message: unknown) => void> = [];
    let closed = false;
    const observed: MessageChannelLike = {
      send: (message) => runnerChannel.send(message),
      onMessage(listener) {
        listeners.push(listener);
        const unsubscribe = runnerChannel.onMessage(listener);
        return () => {
          listeners.splice(listeners.indexOf(listener), 1);
          unsubscribe();
        };
      },
      close() {
        closed = true;
        runnerChannel.close();
      },
    };
    const link = createSupervisorLink(observed, () => undefined);
    expect(listeners).toHaveLength(1);
    link.close();
    expect(listeners).toHaveLength(0);
    expect(closed).toBe(true);
  });
});
