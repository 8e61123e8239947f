import type { MessageChannelLike } from '../shared/channel';

/**
 * Sends what the runner says within one turn of the event loop as one array: one write to the
 * channel, and one wake-up of the supervisor's process, instead of one per message (an iteration
 * with a scripted model says ~10 things: gate, iteration start, text, tool call and result, usage,
 * iteration end, checkpoint). The supervisor takes an array as its messages in order (runner-inbox.ts).
 * `close` sends what is queued first; so does the process's exit, for a runner that dies of an error.
 */
export function batchedChannel(channel: MessageChannelLike, schedule: (flush: () => void) => void = setImmediate): MessageChannelLike {
  let queue: unknown[] = [];
  const flush = (): void => {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    channel.send(batch.length === 1 ? batch[0] : batch);
  };
  process.once('exit', flush);
  return {
    send(message) {
      if (queue.length === 0) schedule(flush);
      queue.push(message);
      // `ready` goes at once: the runner loads the AI SDK, the tools and the loop right after it, synchronously enough to hold a turn for ~100 ms.
      if ((message as { type?: unknown }).type === 'ready') flush();
    },
    onMessage: (listener) => channel.onMessage(listener),
    close() {
      flush();
      process.off('exit', flush);
      channel.close();
    },
  };
}
