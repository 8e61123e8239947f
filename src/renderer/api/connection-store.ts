import { createStore, useStore } from 'zustand';

/** How the window is connected to the engine. The preload bridge is always `open`. */
export type ConnectionState = Readonly<{
  status: 'connecting' | 'open' | 'reconnecting';
  /** When the next reconnect attempt starts, while `reconnecting`. */
  retryInMs: number | null;
  /** Opens after the first one; views depend on it to fetch again what they may have missed. */
  reconnects: number;
}>;

/** Before the first socket opens. */
export const initialConnectionState: ConnectionState = { status: 'connecting', retryInMs: null, reconnects: 0 };

/** The connection state, written by the transport. */
export const connectionStore = createStore<ConnectionState>()(() => initialConnectionState);

/** Called by the transport, never by components. */
export function receiveConnectionState(state: ConnectionState): void {
  connectionStore.setState(state, true);
}

/** Subscribe a component to the smallest slice of the connection state it needs. */
export function useConnectionStore<T>(selector: (state: ConnectionState) => T): T {
  return useStore(connectionStore, selector);
}
