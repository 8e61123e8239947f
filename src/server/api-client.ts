import { checkServerIdentity, getCACertificates, rootCertificates } from 'node:tls';
import type { PeerCertificate } from 'node:tls';
import { WebSocket } from 'ws';
import { certificateFingerprint } from '../core/serving/server-file';
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
export function socketUrlOf(server: Pick<ServerFile, 'host' | 'port'> & Partial<Pick<ServerFile, 'tls'>>): string {
  const host = server.host === '0.0.0.0' || server.host === '' ? '127.0.0.1' : server.host === '::' ? '::1' : server.host;
  return `${server.tls ? 'wss' : 'ws'}://${host.includes(':') ? `[${host}]` : host}:${server.port}/api`;
}

/**
 * How a client trusts a TLS engine. Verification is never turned off: `ca` adds certificates to the
 * system's roots (and NODE_EXTRA_CA_CERTS, which Node adds by itself), and `pinnedCert` (this
 * machine's server.json) accepts exactly that certificate whatever name it was issued for.
 */
export type EngineTrust = Readonly<{ ca?: ReadonlyArray<string | Buffer>; pinnedCert?: string }>;

/** Where a client connects: the socket URL, the token, and how to trust the engine's certificate. */
export type EngineTarget = Readonly<{ socketUrl: string; token: string; trust?: EngineTrust }>;

/** What the server's HTTP answer to a refused upgrade means, for the person. */
function refusalMessage(url: string, status: number): string {
  switch (status) {
    case 401:
      return `The engine at ${url} refused the token (HTTP 401): it is wrong, or it was revoked`;
    case 403:
      return `The engine at ${url} refused this client's origin (HTTP 403)`;
    case 421:
      return `The engine at ${url} does not answer for that host name (HTTP 421): behind a reverse proxy, start it with --public-url`;
    case 429:
      return `The engine at ${url} refuses this address for a minute after too many wrong tokens (HTTP 429)`;
    default:
      return `The engine at ${url} refused the connection (HTTP ${status})`;
  }
}

function defaultCertificates(): ReadonlyArray<string> {
  return typeof getCACertificates === 'function' ? getCACertificates('default') : rootCertificates;
}

function tlsOptionsOf(trust: EngineTrust | undefined): Record<string, unknown> {
  if (!trust) return {};
  // The default store is the system's roots plus NODE_EXTRA_CA_CERTS; `ca` would replace it, so it is added to.
  const ca = [...defaultCertificates(), ...(trust.ca ?? []), ...(trust.pinnedCert ? [trust.pinnedCert] : [])];
  const pinned = trust.pinnedCert ? certificateFingerprint(Buffer.from(trust.pinnedCert)) : null;
  return {
    ca,
    checkServerIdentity: (host: string, cert: PeerCertificate) =>
      pinned !== null && cert.fingerprint256 === pinned ? undefined : checkServerIdentity(host, cert),
  };
}

function openSocket(target: EngineTarget, approverCode: string | undefined): Promise<WebSocket> {
  const url = target.socketUrl;
  return new Promise((resolve, reject) => {
    // The token travels in a header, not the URL, so it never shows in a process list or a proxy log.
    const headers: Record<string, string> = { Authorization: `Bearer ${target.token}` };
    if (approverCode !== undefined && approverCode !== '') headers[APPROVER_HEADER] = approverCode;
    const socket = new WebSocket(url, { headers, handshakeTimeout: CONNECT_TIMEOUT_MS, ...tlsOptionsOf(target.trust) });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new Error(refusalMessage(url, response.statusCode ?? 0)));
    });
    socket.once('error', (error) => reject(new Error(`Cannot reach the engine at ${url}: ${messageOf(error)}`)));
  });
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
  server: (Pick<ServerFile, 'host' | 'port' | 'token'> & Partial<Pick<ServerFile, 'tls' | 'tlsCert'>>) | EngineTarget,
  options: Readonly<{ approverCode?: string }> = {},
): Promise<ApiClient> {
  const socket = await openSocket('socketUrl' in server ? server : targetOfServerFile(server), options.approverCode);
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
