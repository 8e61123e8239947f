import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { type ApiHandlers, WsRequest } from '../../shared/api';
import { dispatch } from '../api/dispatch';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import { approverCodeOf, isApprover } from './access-token';
import { type Credential, accessOf } from './caller-credential';
import { OWNER_METHODS } from '../../shared/access-tokens-api';
import type { NamedTokens } from './named-tokens';
import { MAX_CLIENT_BUFFER_BYTES, createBoundedSender } from './bounded-sender';
import { wsMessageBytes } from './ws-message-text';
import { ApiFailure } from '../api-failure';
import { toApiError } from '../api/to-api-error';
import { type FrameOutcome, LARGE_FRAME_BYTES, type LargeFrameReader } from '../bundles/large-frame-reader';

/**
 * The largest frame the socket takes: a run bundle (`runs.import`) carries the run's whole log,
 * which retention caps at 20 MiB of event data per run by default.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Answers an upgrade request with an HTTP error and drops the connection. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${message}\n`);
  socket.destroy();
}

/** Methods only a person may call: a connection needs the approver code for them, the access token is not enough. */
export const APPROVER_METHODS: ReadonlySet<string> = new Set(['approvals.decide']);

/** What a connection without the approver code hears when it tries to answer an approval request. */
export const NOT_APPROVER_MESSAGE =
  'approvals.decide needs the approver code, not only the access token: open the URL `autoloop serve` printed, ' +
  'or set AUTOLOOP_APPROVER_CODE to the code it printed (the CLI on the serving machine finds it by itself)';

/** What a named token's connection hears when its token is revoked: 4401, in the range RFC 6455 leaves to applications. */
export const REVOKED_CLOSE_CODE = 4401;

/** What a named token hears when it calls a method only the engine's own token may. */
export function ownerOnlyMessage(method: string): string {
  return `${method}: only the engine's own token (on its machine: \`autoloop tokens\`) may manage tokens, not a named token`;
}

/** Serves the API over WebSocket frames `{id, method, params}` → `{id, result | error}`, and pushes `{event}`. */
export function createApiWebSocket(
  options: Readonly<{
    api: ApiHandlers;
    bus: EventBus;
    approverCode: string;
    /** Named tokens: a revoked one's connections are closed at once. */
    tokens: NamedTokens | null;
    log: Logger;
    maxBufferedBytes?: number;
    /** Reads frames of `LARGE_FRAME_BYTES` or more off the event loop; without it they are parsed here. */
    readLargeFrame?: LargeFrameReader;
  }>,
) {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  /** The open connections of named tokens, by token id, so a revocation closes them. */
  const namedConnections = new Map<string, Set<() => void>>();
  const stopWatchingRevocations = options.tokens?.onRevoked((info) => {
    for (const cut of namedConnections.get(info.id) ?? []) cut();
    namedConnections.delete(info.id);
    options.log.warn(`access: the token "${info.name}" was revoked; its connections are closed`);
  });

  server.on('connection', (socket: WebSocket, upgrade: IncomingMessage, credential: Credential, foreign: boolean) => {
    // A page of another site answers approvals only with the code it presents in the URL, never with a cookie of ours.
    const approver = (!foreign || approverCodeOf(upgrade).fromQuery) && isApprover(upgrade, options.approverCode);
    const access = accessOf(credential);
    const sendFrame = createBoundedSender(socket, options.log, options.maxBufferedBytes ?? MAX_CLIENT_BUFFER_BYTES);
    const unsubscribe = options.bus.subscribe((event) => sendFrame({ event }));
    let revoked = false;
    const cut = (): void => {
      revoked = true;
      unsubscribe();
      socket.close(REVOKED_CLOSE_CODE, 'the token was revoked');
      setTimeout(() => socket.terminate(), 1_000).unref();
    };
    if (credential.kind === 'named') {
      const id = credential.info.id;
      const cuts = namedConnections.get(id) ?? new Set();
      namedConnections.set(id, cuts.add(cut));
      socket.on('close', () => cuts.delete(cut));
    }
    socket.on('close', unsubscribe);
    // A protocol error (invalid UTF-8, a frame over maxPayload) closes this client with its close
    // code (1007, 1009, 1002); without a listener the 'error' event would end the process.
    socket.on('error', (error: Error & { code?: string }) => {
      options.log.warn(`websocket: closed a client after a protocol error (${error.code ?? 'no code'}): ${error.message}`);
    });
    /** Dispatches a request, or answers what reading its frame decided. */
    const answer = (outcome: FrameOutcome): void => {
      if (outcome.kind === 'dropped') return options.log.warn('websocket: dropped a frame that is not {id, method, params}');
      if (outcome.kind === 'refused') {
        const error = toApiError(outcome.method, new ApiFailure('invalid_input', outcome.message), options.log);
        return sendFrame({ id: outcome.id, error });
      }
      const { request } = outcome;
      // Belt and braces: a revocation closes the socket, and nothing it sent after is answered.
      if (revoked || (credential.kind === 'named' && !options.tokens?.isLive(credential.info.id))) return;
      if (OWNER_METHODS.has(request.method) && credential.kind !== 'owner') {
        options.log.warn(`websocket: refused ${request.method} from the named token "${credential.kind === 'named' ? credential.info.name : ''}"`);
        return sendFrame({ id: request.id, error: { code: 'forbidden', message: ownerOnlyMessage(request.method) } });
      }
      if (APPROVER_METHODS.has(request.method) && !approver) {
        options.log.warn(`websocket: refused ${request.method} from a connection without the approver code`);
        return sendFrame({ id: request.id, error: { code: 'forbidden', message: NOT_APPROVER_MESSAGE } });
      }
      void dispatch(options.api, request.method, request.params, options.log, access).then((response) =>
        sendFrame(response.ok ? { id: request.id, result: response.value } : { id: request.id, error: response.error }),
      );
    };
    socket.on('message', (data) => {
      const frame = wsMessageBytes(data);
      // A large frame (a run bundle) is parsed and verified off the event loop, so the other calls keep answering.
      if (frame.length >= LARGE_FRAME_BYTES && options.readLargeFrame) {
        void options.readLargeFrame(frame).then(answer);
        return;
      }
      let request: WsRequest;
      try {
        request = WsRequest.parse(JSON.parse(frame.toString('utf8')));
      } catch {
        return answer({ kind: 'dropped' });
      }
      answer({ kind: 'request', request });
    });
  });

  return {
    /** Takes an HTTP upgrade to /api whose credential, Host and Origin the HTTP server has checked. */
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, credential: Credential, foreign = false): void {
      server.handleUpgrade(request, socket, head, (client) => server.emit('connection', client, request, credential, foreign));
    },
    close(): void {
      stopWatchingRevocations?.();
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
}
