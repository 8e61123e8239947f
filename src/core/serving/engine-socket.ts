import { WebSocket } from 'ws';
import { type ApiClientCore, createApiClientCore } from '../../shared/api-client-core';
import { messageOf } from '../../shared/errors';
import { APPROVER_HEADER } from './access-token';
import { type EngineTarget, isCertificateError, refusalMessage, tlsOptionsOf } from './engine-trust';
import { wsMessageText } from './ws-message-text';

/** How long connecting to an engine may take before the attempt gives up. */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Why a socket to an engine did not open: `refused` when the engine answered no (a refused token,
 * origin or host name, with its HTTP status) or its certificate is not trusted, which trying again
 * cannot fix; `unreachable` when nothing answered (down, asleep, no network), which it may.
 */
export class EngineConnectError extends Error {
  constructor(
    message: string,
    readonly kind: 'refused' | 'unreachable',
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'EngineConnectError';
  }
}

/** What to do about an engine whose certificate this machine does not trust (a self-signed one); verification is never turned off. */
export const UNTRUSTED_HINT =
  "Its certificate is not trusted here: give the engine's CA certificate (the CLI's --ca FILE or NODE_EXTRA_CA_CERTS, the CA file field in Settings → Engines)";

/** What to check when an engine does not answer at all. */
export const UNREACHABLE_HINT = 'Check that it runs there (autoloop serve, or the desktop app) and that its address and port are right';

/** Node's own advice on an untrusted certificate is about the system's store (`--use-system-ca`), not an engine's own CA: dropped. */
function withoutNodeHint(message: string): string {
  return message.replace(/; if the root CA is installed locally.*$/s, '');
}

/** Opens the API socket of an engine with its token (a header, never the URL) and, when given, the approver code. */
export function openEngineSocket(target: EngineTarget, approverCode?: string): Promise<WebSocket> {
  const url = target.socketUrl;
  return new Promise((resolve, reject) => {
    // The token travels in a header, not the URL, so it never shows in a process list or a proxy log.
    const headers: Record<string, string> = { Authorization: `Bearer ${target.token}` };
    if (approverCode !== undefined && approverCode !== '') headers[APPROVER_HEADER] = approverCode;
    const socket = new WebSocket(url, { headers, handshakeTimeout: CONNECT_TIMEOUT_MS, ...tlsOptionsOf(target.trust) });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      const status = response.statusCode ?? 0;
      // 429 (too many wrong tokens from here) passes after a minute: worth trying again later.
      reject(new EngineConnectError(refusalMessage(url, status), status === 429 || status >= 500 ? 'unreachable' : 'refused', status));
    });
    socket.once('error', (error) => {
      const certificate = isCertificateError(error);
      reject(
        new EngineConnectError(
          certificate
            ? `Cannot reach the engine at ${url}: ${withoutNodeHint(messageOf(error))}. ${UNTRUSTED_HINT}`
            : `Cannot reach the engine at ${url}: ${messageOf(error)}. ${UNREACHABLE_HINT}`,
          certificate ? 'refused' : 'unreachable',
          null,
        ),
      );
    });
  });
}

/**
 * The shared API client core (src/shared/api-client-core.ts) on an open Node `ws` socket: frames in
 * and out, Node timers, and a close that fails the calls in flight. Used by the CLI, the desktop
 * app's remote engines and the e2e tests.
 */
export function createSocketClientCore(
  socket: WebSocket,
  options: Readonly<{ callTimeoutMs: number; onProblem(problem: string): void; peer?: string }>,
): ApiClientCore {
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
    peer: options.peer ?? 'the server',
    onProblem: options.onProblem,
  });
  socket.on('message', (data) => core.receive(wsMessageText(data)));
  socket.once('close', () => core.connectionLost());
  return core;
}
