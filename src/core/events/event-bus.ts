import type { ApiPushEvent } from '../../shared/api';
import type { Unsubscribe } from '../../shared/channel';

/** Fans the engine's pushed events out to every window, socket and CLI follower. */
export type EventBus = Readonly<{
  publish(event: ApiPushEvent): void;
  subscribe(listener: (event: ApiPushEvent) => void): Unsubscribe;
}>;

export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  const listeners = new Set<(event: ApiPushEvent) => void>();
  return {
    publish(event) {
      for (const listener of listeners) {
        // One broken subscriber (a closed socket) must not starve the others.
        try {
          listener(event);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
