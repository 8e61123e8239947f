import { createApiClientCore } from '../../shared/api-client-core';
import type { ApiTransport } from './api-transport';
import type { ConnectionState } from './connection-store';

/** A call the server has not answered by then fails with `unavailable`, so no view waits forever. */
export const CALL_TIMEOUT_MS = 30_000;
/** The first reconnect waits this long; each failed attempt doubles it. */
export const RECONNECT_BASE_MS = 1_000;
/** No reconnect waits longer than this. */
export const RECONNECT_MAX_MS = 10_000;

/** What the transport hears from one socket. */
export type SocketHandlers = Readonly<{ onOpen(): void; onMessage(data: unknown): void; onClose(): void }>;
/** What the transport needs from one socket: the browser's WebSocket through `openBrowserSocket`, or a fake in tests. */
export type SocketLike = Readonly<{ send(data: string): void; close(): void }>;
/** Opens one socket; the transport opens a new one for each reconnect. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

/** A transport that can also be shut down (tests, hot reload). */
export type WebSocketTransport = ApiTransport & Readonly<{ dispose(): void }>;

/** What an HTTP request with the page's token finds: the server lets it in, refuses the token (401), or is not there. */
export type AccessCheck = 'ok' | 'refused' | 'unreachable';

/** Where to connect, how to open a socket, who hears about the connection state, and how to ask why a socket never opened. */
export type WebSocketTransportOptions = Readonly<{
  url: string;
  openSocket: SocketFactory;
  onStateChange(state: ConnectionState): void;
  /** Asked when a socket closes before it opened (a browser's WebSocket hides the HTTP status); absent: keep retrying. */
  checkAccess?: () => Promise<AccessCheck>;
}>;

/** Asks the server for the page with the page's token: a 401 means the token was replaced. */
export async function checkPageAccess(location: Readonly<{ pathname: string; search: string }>): Promise<AccessCheck> {
  try {
    const response = await fetch(`${location.pathname}${location.search}`, { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' });
    return response.status === 401 ? 'refused' : 'ok';
  } catch {
    return 'unreachable';
  }
}

/** The browser's WebSocket behind `SocketLike`. */
export function openBrowserSocket(url: string, handlers: SocketHandlers): SocketLike {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.onOpen();
  socket.onmessage = (message) => handlers.onMessage(message.data);
  // An `error` is always followed by `close`; reconnecting is decided there.
  socket.onclose = () => handlers.onClose();
  return { send: (data) => socket.send(data), close: () => socket.close() };
}

/** The API URL for the page it was served from: same host, `/api`, and the access token if the URL has one. */
export function apiUrlFromLocation(location: Readonly<{ protocol: string; host: string; search: string }>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(location.search).get('token');
  return `${scheme}://${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** Backoff before reconnect attempt `attempt` (0-based): 1 s, 2 s, 4 s … capped at 10 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(RECONNECT_BASE_MS * 2 ** attempt, RECONNECT_MAX_MS);
}

/**
 * The API over the headless server's WebSocket, on the shared client core (correlation, timeouts,
 * frame checks: src/shared/api-client-core.ts). Calls made while the socket is down wait in a
 * queue; a dropped socket is reopened with backoff, and calls that were already sent on it fail
 * with `unavailable`.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  let socket: SocketLike | null = null;
  let connection: object | null = null;
  let isOpen = false;
  let hasOpened = false;
  let attempt = 0;
  let reconnects = 0;
  let disposed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const core = createApiClientCore({
    send(frame) {
      if (!socket || !isOpen) return false;
      socket.send(frame);
      return true;
    },
    scheduleTimeout(callback, ms) {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
    callTimeoutMs: CALL_TIMEOUT_MS,
    whileDisconnected: 'queue',
    peer: 'Autoloop',
    onProblem: (problem) => console.warn(`Autoloop: dropped a WebSocket frame: ${problem}`),
  });

  const connect = (): void => {
    retryTimer = null;
    // Each socket gets its own token, so a late callback from a replaced socket changes nothing.
    const token = {};
    connection = token;
    let didOpen = false;
    socket = options.openSocket(options.url, {
      onOpen() {
        if (connection !== token) return;
        didOpen = true;
        isOpen = true;
        attempt = 0;
        if (hasOpened) reconnects += 1;
        hasOpened = true;
        options.onStateChange({ status: 'open', retryInMs: null, reconnects });
        core.resend();
      },
      onMessage(data) {
        if (connection === token) core.receive(data);
      },
      onClose() {
        if (connection !== token) return;
        connection = null;
        socket = null;
        isOpen = false;
        core.connectionLost();
        if (disposed) return;
        const delayMs = reconnectDelayMs(attempt);
        attempt += 1;
        options.onStateChange({ status: 'reconnecting', retryInMs: delayMs, reconnects });
        retryTimer = setTimeout(connect, delayMs);
        // Refused before it opened: ask why. A replaced token cannot succeed on retry, so stop and say so.
        if (!didOpen && options.checkAccess) {
          void options.checkAccess().then((access) => {
            if (access !== 'refused' || disposed || connection !== null) return;
            if (retryTimer) clearTimeout(retryTimer);
            retryTimer = null;
            core.failAll('Autoloop refused this page’s access token');
            options.onStateChange({ status: 'refused', retryInMs: null, reconnects });
          });
        }
      },
    });
  };

  options.onStateChange({ status: 'connecting', retryInMs: null, reconnects });
  connect();

  return {
    call: (method, params) => core.call(method, params),
    onEvent: (listener) => core.onEvent(listener),
    dispose() {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      connection = null;
      socket?.close();
      socket = null;
      core.failAll('The connection to Autoloop was closed');
    },
  };
}
