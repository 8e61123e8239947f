import { WebSocket } from 'ws';
import { z } from 'zod';
import { ApiError, type ApiErrorCode, type ApiMethod, type ApiParams, ApiPushEvent, type ApiResult, apiMethods } from '../shared/api';
import type { Unsubscribe } from '../shared/channel';
import { messageOf } from '../shared/errors';
import type { ServerFile } from '../core/serving/server-file';

/** How long connecting to a local server may take before the CLI gives up. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** How long one call may take; a stop runs the whole stop ladder (a few seconds) before it answers. */
export const CALL_TIMEOUT_MS = 60_000;
/** How long a polite close may wait for the server's answer before the socket is dropped. */
const CLOSE_GRACE_MS = 1_000;

/** An API call the engine answered with an error: its stable code and a message a person can act on. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The API as a caller sees it, over whatever transport: results validated, errors thrown as `ApiCallError`. */
export type ApiCaller = Readonly<{
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  onEvent(listener: (event: ApiPushEvent) => void): Unsubscribe;
}>;

/** A connection to a running server. */
export type ApiClient = ApiCaller &
  Readonly<{
    /** Settles when the connection is gone, whoever closed it. */
    closed: Promise<void>;
    close(): Promise<void>;
  }>;

// Checked in this order: `{id, result}` alone would also accept an error frame (its result is just absent).
const ErrorFrame = z.object({ id: z.number().int(), error: ApiError });
const EventFrame = z.object({ event: ApiPushEvent });
const ResultFrame = z.object({ id: z.number().int(), result: z.unknown() });

type Pending = Readonly<{ method: ApiMethod; resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }>;

/** The socket address of a server: a wildcard bind is reached on loopback. */
export function socketUrlOf(server: Pick<ServerFile, 'host' | 'port'>): string {
  const host = server.host === '0.0.0.0' || server.host === '' ? '127.0.0.1' : server.host === '::' ? '::1' : server.host;
  return `ws://${host.includes(':') ? `[${host}]` : host}:${server.port}/api`;
}

function openSocket(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // The token travels in a header, not the URL, so it never shows in a process list or a proxy log.
    const socket = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, handshakeTimeout: CONNECT_TIMEOUT_MS });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new Error(`The server at ${url} refused the connection (HTTP ${response.statusCode}); its token may have changed: is server.json current?`));
    });
    socket.once('error', (error) => reject(new Error(`Cannot reach the server at ${url}: ${messageOf(error)}`)));
  });
}

/** Connects to the server named by a data folder's `server.json`, with its token. */
export async function connectApiClient(server: Pick<ServerFile, 'host' | 'port' | 'token'>): Promise<ApiClient> {
  const socket = await openSocket(socketUrlOf(server), server.token);
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: ApiPushEvent) => void>();
  let nextId = 1;

  const settle = (id: number): Pending | undefined => {
    const waiting = pending.get(id);
    if (waiting) clearTimeout(waiting.timer);
    pending.delete(id);
    return waiting;
  };

  socket.on('message', (data) => {
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      return;
    }
    const failure = ErrorFrame.safeParse(raw);
    if (failure.success) {
      const { code, message, details } = failure.data.error;
      settle(failure.data.id)?.reject(new ApiCallError(code, message, details));
      return;
    }
    const pushed = EventFrame.safeParse(raw);
    if (pushed.success) {
      for (const listener of listeners) listener(pushed.data.event);
      return;
    }
    const answer = ResultFrame.safeParse(raw);
    if (!answer.success) return;
    const waiting = settle(answer.data.id);
    if (!waiting) return;
    const result = apiMethods[waiting.method].result.safeParse(answer.data.result);
    if (result.success) waiting.resolve(result.data);
    else waiting.reject(new Error(`${waiting.method}: the server answered with an unexpected shape: ${z.prettifyError(result.error)}`));
  });

  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => {
      for (const id of [...pending.keys()]) settle(id)?.reject(new Error('The server closed the connection before it answered'));
      resolve();
    });
  });
  socket.on('error', () => undefined); // a lost connection is reported through `closed` and the pending calls

  return {
    call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      if (socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('The connection to the server is closed'));
      const id = nextId;
      nextId += 1;
      return new Promise<ApiResult<M>>((resolve, reject) => {
        const timer = setTimeout(() => settle(id)?.reject(new Error(`${method}: no answer from the server within ${CALL_TIMEOUT_MS / 1_000} s`)), CALL_TIMEOUT_MS);
        pending.set(id, { method, resolve: (value) => resolve(value as ApiResult<M>), reject, timer });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    closed,
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close();
      const forced = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(forced);
    },
  };
}
