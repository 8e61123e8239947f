import type { ApiErrorCode, ApiMethod, ApiResponse } from './api';
import { readServerFrame } from './api-frames';
import { assertNever } from './assert';
import type { Unsubscribe } from './channel';

/** Runs `callback` after `ms`; returns what cancels it. Injected, because src/shared has no timers of its own. */
export type ScheduleTimeout = (callback: () => void, ms: number) => () => void;

/** What the core needs from its transport and its surface. */
export type ApiClientCoreOptions = Readonly<{
  /** Sends one frame; false when no connection is open (then the call waits or fails, by `whileDisconnected`). */
  send(frame: string): boolean;
  scheduleTimeout: ScheduleTimeout;
  /** A call not answered by then fails with `unavailable`, so nobody waits forever. */
  callTimeoutMs: number;
  /** `queue`: a call made while disconnected waits for `resend()` (the window reconnects); `fail`: it fails at once. */
  whileDisconnected: 'queue' | 'fail';
  /** Who answers, for messages: "Autoloop", "the server". */
  peer: string;
  /** A frame that answers no call and is not an event, for a warning where the surface shows them. */
  onProblem(problem: string): void;
}>;

/**
 * The client half of the API's WebSocket protocol (`{id, method, params}` → `{id, result | error}`,
 * pushes as `{event}`), shared by the window, the CLI and the end-to-end tests; the socket is
 * theirs. Every call resolves with an `ApiResponse`, never rejects: a refusal, a timeout, a lost
 * connection (`unavailable`) and a malformed answer (`internal`, at once) alike.
 */
export type ApiClientCore = Readonly<{
  call(method: ApiMethod, params: unknown): Promise<ApiResponse<unknown>>;
  /** Every frame the socket receives. */
  receive(data: unknown): void;
  /** Pushed events as they came, not yet checked against the contract. */
  onEvent(listener: (event: unknown) => void): Unsubscribe;
  /** Sends the calls that waited for a connection (after a (re)connect). */
  resend(): void;
  /** The connection dropped: calls already sent can no longer be answered. */
  connectionLost(): void;
  /** Fails every waiting call (closing for good). */
  failAll(message: string): void;
}>;

type PendingCall = {
  readonly method: ApiMethod;
  readonly frame: string;
  readonly resolve: (response: ApiResponse<unknown>) => void;
  readonly cancelTimeout: () => void;
  sent: boolean;
};

/** The request correlation, timeouts and frame checks of an API client over an injected transport. */
export function createApiClientCore(options: ApiClientCoreOptions): ApiClientCore {
  const { peer } = options;
  const pending = new Map<number, PendingCall>();
  const listeners = new Set<(event: unknown) => void>();
  let nextId = 1;

  const fail = (id: number, code: ApiErrorCode, message: string): void => {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    call.cancelTimeout();
    call.resolve({ ok: false, error: { code, message } });
  };
  const settle = (id: number, response: ApiResponse<unknown>): void => {
    const call = pending.get(id);
    if (!call) return; // a late answer to a call that timed out
    pending.delete(id);
    call.cancelTimeout();
    call.resolve(response);
  };
  const trySend = (call: PendingCall): void => {
    try {
      call.sent = options.send(call.frame);
    } catch {
      // The socket is going down; its close reports the lost connection.
      call.sent = false;
    }
  };
  const failMatching = (which: (call: PendingCall) => boolean, code: ApiErrorCode, message: (method: ApiMethod) => string): void => {
    for (const [id, call] of [...pending]) if (which(call)) fail(id, code, message(call.method));
  };

  return {
    call(method, params) {
      const id = nextId;
      nextId += 1;
      return new Promise<ApiResponse<unknown>>((resolve) => {
        const cancelTimeout = options.scheduleTimeout(
          () => fail(id, 'unavailable', `${peer} did not answer ${method} within ${options.callTimeoutMs / 1_000} s`),
          options.callTimeoutMs,
        );
        const call: PendingCall = { method, frame: JSON.stringify({ id, method, params }), resolve, cancelTimeout, sent: false };
        pending.set(id, call);
        trySend(call);
        if (!call.sent && options.whileDisconnected === 'fail') fail(id, 'unavailable', `The connection to ${peer} is closed`);
      });
    },
    receive(data) {
      const frame = readServerFrame(data);
      switch (frame.kind) {
        case 'event':
          for (const listener of listeners) listener(frame.event);
          return;
        case 'answer':
          return settle(frame.id, frame.response);
        case 'malformed': {
          const call = frame.id === null ? undefined : pending.get(frame.id);
          if (call && frame.id !== null) return fail(frame.id, 'internal', `${peer} answered ${call.method} with ${frame.problem}`);
          options.onProblem(`${peer} sent ${frame.problem}`);
          // A frame that names no call may have been the answer to any call in flight: they fail now, not at their timeout.
          if (frame.id === null)
            failMatching(
              (waiting) => waiting.sent,
              'internal',
              (method) => `${peer} sent ${frame.problem} while ${method} waited for its answer`,
            );
          return;
        }
        default:
          return assertNever(frame, 'ServerFrame');
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    resend() {
      for (const call of pending.values()) if (!call.sent) trySend(call);
    },
    connectionLost() {
      failMatching(
        (call) => call.sent || options.whileDisconnected === 'fail',
        'unavailable',
        (method) => `The connection to ${peer} was lost before ${method} was answered`,
      );
    },
    failAll(message) {
      failMatching(
        () => true,
        'unavailable',
        () => message,
      );
    },
  };
}
