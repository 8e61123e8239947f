import { WebSocket } from 'ws';
import type { ApiMethod, ApiParams, ApiPushEvent, ApiResult } from '../shared/api';
import { parsePushEvent, resultOfResponse } from '../shared/api-call-error';
import { type ApiClientCore, createApiClientCore } from '../shared/api-client-core';
import type { Unsubscribe } from '../shared/channel';
import { messageOf } from '../shared/errors';
import type { ServerFile } from '../core/serving/server-file';
import { APPROVER_HEADER } from '../core/serving/access-token';
import { wsMessageText } from '../core/serving/ws-message-text';

/** How long connecting to a local server may take before the CLI gives up. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** How long one call may take; a stop runs the whole stop ladder (a few seconds) before it answers. */
export const CALL_TIMEOUT_MS = 60_000;
/** How long a polite close may wait for the server's answer before the socket is dropped. */
const CLOSE_GRACE_MS = 1_000;

/** The API as a caller sees it, over whatever transport: results validated, errors thrown as `ApiCallError` (src/shared/api-call-error.ts). */
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

/** The socket address of a server: a wildcard bind is reached on loopback. */
export function socketUrlOf(server: Pick<ServerFile, 'host' | 'port'>): string {
  const host = server.host === '0.0.0.0' || server.host === '' ? '127.0.0.1' : server.host === '::' ? '::1' : server.host;
  return `ws://${host.includes(':') ? `[${host}]` : host}:${server.port}/api`;
}

function openSocket(url: string, token: string, approverCode: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // The token travels in a header, not the URL, so it never shows in a process list or a proxy log.
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (approverCode !== undefined && approverCode !== '') headers[APPROVER_HEADER] = approverCode;
    const socket = new WebSocket(url, { headers, handshakeTimeout: CONNECT_TIMEOUT_MS });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new Error(`The server at ${url} refused the connection (HTTP ${response.statusCode}); its token may have changed: is server.json current?`));
    });
    socket.once('error', (error) => reject(new Error(`Cannot reach the server at ${url}: ${messageOf(error)}`)));
  });
}

/**
 * The shared API client core (src/shared/api-client-core.ts) on an open Node `ws` socket: frames in
 * and out, Node timers, and a close that fails the calls in flight. Used by the CLI and the e2e tests.
 */
export function createSocketClientCore(socket: WebSocket, options: Readonly<{ callTimeoutMs: number; onProblem(problem: string): void }>): ApiClientCore {
  const core = createApiClientCore({
    send: (frame) => {
      if (socket.readyState !== WebSocket.OPEN) return false;
      socket.send(frame);
      return true;
    },
    scheduleTimeout: (callback, ms) => {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
    callTimeoutMs: options.callTimeoutMs,
    whileDisconnected: 'fail',
    peer: 'the server',
    onProblem: options.onProblem,
  });
  socket.on('message', (data) => core.receive(wsMessageText(data)));
  socket.once('close', () => core.connectionLost());
  return core;
}

/**
 * Connects to the server named by a data folder's `server.json`, with its token, and with the approver code when
 * the person gave one (only then may this connection answer approval requests).
 */
export async function connectApiClient(
  server: Pick<ServerFile, 'host' | 'port' | 'token'>,
  options: Readonly<{ approverCode?: string }> = {},
): Promise<ApiClient> {
  const socket = await openSocket(socketUrlOf(server), server.token, options.approverCode);
  const listeners = new Set<(event: ApiPushEvent) => void>();
  const core = createSocketClientCore(socket, { callTimeoutMs: CALL_TIMEOUT_MS, onProblem: (problem) => void process.stderr.write(`autoloop: ${problem}\n`) });
  core.onEvent((raw) => {
    const parsed = parsePushEvent(raw);
    if (parsed.ok) for (const listener of listeners) listener(parsed.event);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined); // a lost connection is reported through `closed` and the pending calls

  return {
    async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      return resultOfResponse(method, await core.call(method, params));
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
