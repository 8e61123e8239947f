import { describe, expect, it } from 'vitest';
import type { MessageChannelLike } from '../shared/channel';
import { batchedChannel } from './batched-channel';

function recordingChannel() {
  const sent: unknown[] = [];
  let closed = false;
  const channel: MessageChannelLike = {
    send: (message) => void sent.push(message),
    onMessage: () => () => undefined,
    close: () => void (closed = true),
  };
  return { channel, sent, closed: () => closed };
}

describe('batchedChannel', () => {
  it('sends what was said in one turn as one array, in order, and a lone message as itself', async () => {
    const { channel, sent } = recordingChannel();
    const batched = batchedChannel(channel);
    batched.send({ type: 'iteration_started' });
    await Promise.resolve();
    batched.send({ type: 'event' });
    batched.send({ type: 'usage' });
    expect(sent).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([[{ type: 'iteration_started' }, { type: 'event' }, { type: 'usage' }]]);
    batched.send({ type: 'gate' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.at(-1)).toEqual({ type: 'gate' });
  });

  it('sends ready at once, with what was queued before it', () => {
    const { channel, sent } = recordingChannel();
    const batched = batchedChannel(channel, () => undefined);
    batched.send({ type: 'pong' });
    batched.send({ type: 'ready' });
    expect(sent).toEqual([[{ type: 'pong' }, { type: 'ready' }]]);
  });

  it('close sends what is queued before it closes the channel', () => {
    const { channel, sent, closed } = recordingChannel();
    const batched = batchedChannel(channel, () => undefined);
    batched.send({ type: 'iteration_done' });
    batched.send({ type: 'exit' });
    batched.close();
    expect(sent).toEqual([[{ type: 'iteration_done' }, { type: 'exit' }]]);
    expect(closed()).toBe(true);
  });
});
