import { createStore, useStore } from 'zustand';

/**
 * How the window is connected to the engine. The preload bridge is always `open`. `refused`: the
 * server answers but refuses this page's access token (Autoloop was started with a new one), so
 * retrying cannot help; the person must open the URL it printed.
 */
export type ConnectionState = Readonly<{
  status: 'connecting' | 'open' | 'reconnecting' | 'refused';
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

/** Pure: whether what the window shows may be out of date (counters grey out, the banner says why). */
export function isDisconnected(state: Pick<ConnectionState, 'status'>): boolean {
  return state.status === 'reconnecting' || state.status === 'refused';
}
