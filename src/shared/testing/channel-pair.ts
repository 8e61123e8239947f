import type { MessageChannelLike } from '../channel';

// src/shared is compiled without DOM or Node typings; both hosts have these two globals.
declare function structuredClone<T>(value: T): T;
declare function queueMicrotask(callback: () => void): void;

type Listener = (message: unknown) => void;

/** One end of the pipe; `receive` is how the other end hands it a message. */
type End = MessageChannelLike & { receive(message: unknown): void };

function createEnd(peer: () => End): End {
  const listeners = new Set<Listener>();
  let closed = false;
  return {
    send(message) {
      if (closed) return;
      // Like real IPC: a copy of the message, delivered on a later turn, never synchronously.
      const copy: unknown = structuredClone(message);
      queueMicrotask(() => peer().receive(copy));
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      closed = true;
      listeners.clear();
    },
    receive(message) {
      if (closed) return;
      for (const listener of [...listeners]) listener(message);
    },
  };
}

/**
 * Two connected in-memory message channels, for tests: what one end sends, the other end receives
 * as a structured clone and asynchronously, the way a MessagePort or the fork IPC channel delivers it.
 * Closing an end stops it sending and drops what arrives for it afterwards.
 */
export function createChannelPair(): [MessageChannelLike, MessageChannelLike] {
  const a: End = createEnd(() => b);
  const b: End = createEnd(() => a);
  return [a, b];
}
