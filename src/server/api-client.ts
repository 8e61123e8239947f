import { WebSocket } from 'ws';
import type { ApiMethod, ApiParams, ApiPushEvent, ApiResult } from '../shared/api';
import { parsePushEvent, resultOfResponse } from '../shared/api-call-error';
import type { Unsubscribe } from '../shared/channel';
import type { ServerFile } from '../core/serving/server-file';
import { type EngineTarget } from '../core/serving/engine-trust';
import { createSocketClientCore, openEngineSocket } from '../core/serving/engine-socket';

// Moved to src/core/serving so the desktop app's main process attaches to remote engines with the same code.
export type { EngineTarget, EngineTrust } from '../core/serving/engine-trust';
export { CONNECT_TIMEOUT_MS, createSocketClientCore } from '../core/serving/engine-socket';

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
    /** Settles when the connection is gone, whoever closed it, with the reason the server gave ('' when none, or when it was dropped). */
    closed: Promise<string>;
    close(): Promise<void>;
  }>;

/** The socket address of a server: a wildcard bind is reached on loopback. */
export function socketUrlOf(server: Pick<ServerFile, 'host' | 'port'> & Partial<Pick<ServerFile, 'tls'>>): string {
  const host = server.host === '0.0.0.0' || server.host === '' ? '127.0.0.1' : server.host === '::' ? '::1' : server.host;
  return `${server.tls ? 'wss' : 'ws'}://${host.includes(':') ? `[${host}]` : host}:${server.port}/api`;
}

/** The target a data folder's server.json names: loopback, with its certificate pinned when it serves TLS. */
export function targetOfServerFile(server: Pick<ServerFile, 'host' | 'port' | 'token'> & Partial<Pick<ServerFile, 'tls' | 'tlsCert'>>): EngineTarget {
  return {
    socketUrl: socketUrlOf(server),
    token: server.token,
    trust: server.tls ? { pinnedCert: server.tlsCert } : undefined,
  };
}

/**
 * Connects to the server named by a data folder's `server.json`, with its token, and with the approver code when
 * the person gave one (only then may this connection answer approval requests).
 */
export async function connectApiClient(
  server: (Pick<ServerFile, 'host' | 'port' | 'token'> & Partial<Pick<ServerFile, 'tls' | 'tlsCert'>>) | EngineTarget,
  options: Readonly<{ approverCode?: string }> = {},
): Promise<ApiClient> {
  const socket = await openEngineSocket('socketUrl' in server ? server : targetOfServerFile(server), options.approverCode);
  const listeners = new Set<(event: ApiPushEvent) => void>();
  const core = createSocketClientCore(socket, { callTimeoutMs: CALL_TIMEOUT_MS, onProblem: (problem) => void process.stderr.write(`autoloop: ${problem}\n`) });
  core.onEvent((raw) => {
    const parsed = parsePushEvent(raw);
    if (parsed.ok) for (const listener of listeners) listener(parsed.event);
  });
  const closed = new Promise<string>((resolve) => socket.once('close', (_code, reason) => resolve(reason.toString())));
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
