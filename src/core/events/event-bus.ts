import type { ApiPushEvent } from '../../shared/api';
import type { Unsubscribe } from '../../shared/channel';

/** Fans the engine's pushed events out to every window, socket and CLI follower. */
export type EventBus = Readonly<{
  publish(event: ApiPushEvent): void;
  subscribe(listener: (event: ApiPushEvent) => void): Unsubscribe;
  /**
   * Runs `fn` with publishing held: what is published meanwhile goes out, in order, once `fn` has
   * returned (the transaction it wraps has committed), and is dropped if it throws (nothing was stored).
   */
  hold<T>(fn: () => T): T;
}>;

export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  const listeners = new Set<(event: ApiPushEvent) => void>();
  let held: ApiPushEvent[] | null = null;
  const deliver = (event: ApiPushEvent): void => {
    for (const listener of listeners) {
      // One broken subscriber (a closed socket) must not starve the others.
      try {
        listener(event);
      } catch (error) {
        onListenerError?.(error);
      }
    }
  };
  return {
    publish(event) {
      if (held) held.push(event);
      else deliver(event);
    },
    hold(fn) {
      if (held) return fn();
      const queue: ApiPushEvent[] = [];
      held = queue;
      try {
        const result = fn();
        held = null;
        for (const event of queue) deliver(event);
        return result;
      } finally {
        held = null;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
