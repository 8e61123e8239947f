import { z } from 'zod';
import { ApiError, type ApiMethod, type ApiResponse } from '../../shared/api';
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

/** Where to connect, how to open a socket, and who hears about the connection state. */
export type WebSocketTransportOptions = Readonly<{
  url: string;
  openSocket: SocketFactory;
  onStateChange(state: ConnectionState): void;
}>;

type PendingCall = { readonly method: ApiMethod; readonly frame: string; readonly resolve: (response: ApiResponse<unknown>) => void; readonly timer: ReturnType<typeof setTimeout>; sent: boolean };

const ResultFrame = z.object({ id: z.number().int(), result: z.unknown() });
const ErrorFrame = z.object({ id: z.number().int(), error: ApiError });
const EventFrame = z.object({ event: z.unknown() });

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

const unavailable = (message: string): ApiResponse<unknown> => ({ ok: false, error: { code: 'unavailable', message } });

/**
 * The API over the headless server's WebSocket (`{id, method, params}` → `{id, result | error}`,
 * pushes as `{event}`). Calls made while the socket is down wait in a queue; a dropped socket is
 * reopened with backoff, and calls that were already sent on it fail with `unavailable`.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const pending = new Map<number, PendingCall>();
  const listeners = new Set<(event: unknown) => void>();
  let socket: SocketLike | null = null;
  let connection: object | null = null;
  let isOpen = false;
  let hasOpened = false;
  let attempt = 0;
  let reconnects = 0;
  let disposed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;

  const settle = (id: number, response: ApiResponse<unknown>): void => {
    const call = pending.get(id);
    if (!call) return;
    clearTimeout(call.timer);
    pending.delete(id);
    call.resolve(response);
  };

  const send = (call: PendingCall): void => {
    if (!socket || !isOpen) return;
    try {
      socket.send(call.frame);
      call.sent = true;
    } catch {
      // The socket is going down; its close handler reconnects, and this call goes out on the next one.
    }
  };

  const receive = (data: unknown): void => {
    let frame: unknown;
    try {
      frame = typeof data === 'string' ? JSON.parse(data) : undefined;
    } catch {
      frame = undefined;
    }
    const event = EventFrame.safeParse(frame);
    if (event.success) {
      for (const listener of listeners) listener(event.data.event);
      return;
    }
    const error = ErrorFrame.safeParse(frame);
    if (error.success) return settle(error.data.id, { ok: false, error: error.data.error });
    const result = ResultFrame.safeParse(frame);
    if (result.success) return settle(result.data.id, { ok: true, value: result.data.result });
    console.warn('Autoloop: dropped a WebSocket frame that is not an API answer or event', data);
  };

  const connect = (): void => {
    retryTimer = null;
    // Each socket gets its own token, so a late callback from a replaced socket changes nothing.
    const token = {};
    connection = token;
    socket = options.openSocket(options.url, {
      onOpen() {
        if (connection !== token) return;
        isOpen = true;
        attempt = 0;
        if (hasOpened) reconnects += 1;
        hasOpened = true;
        options.onStateChange({ status: 'open', retryInMs: null, reconnects });
        for (const call of pending.values()) if (!call.sent) send(call);
      },
      onMessage(data) {
        if (connection === token) receive(data);
      },
      onClose() {
        if (connection !== token) return;
        connection = null;
        socket = null;
        isOpen = false;
        for (const [id, call] of pending) {
          if (call.sent) settle(id, unavailable(`The connection to Autoloop was lost before ${call.method} was answered`));
        }
        if (disposed) return;
        const delayMs = reconnectDelayMs(attempt);
        attempt += 1;
        options.onStateChange({ status: 'reconnecting', retryInMs: delayMs, reconnects });
        retryTimer = setTimeout(connect, delayMs);
      },
    });
  };

  options.onStateChange({ status: 'connecting', retryInMs: null, reconnects });
  connect();

  return {
    call(method, params) {
      const id = nextId++;
      return new Promise<ApiResponse<unknown>>((resolve) => {
        const timer = setTimeout(
          () => settle(id, unavailable(`Autoloop did not answer ${method} within ${CALL_TIMEOUT_MS / 1_000} s`)),
          CALL_TIMEOUT_MS,
        );
        const call: PendingCall = { method, frame: JSON.stringify({ id, method, params }), resolve, timer, sent: false };
        pending.set(id, call);
        send(call);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      connection = null;
      socket?.close();
      socket = null;
      for (const id of [...pending.keys()]) settle(id, unavailable('The connection to Autoloop was closed'));
    },
  };
}
