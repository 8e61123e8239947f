import type { WebSocket } from 'ws';
import { REVOKED_CLOSE_CODE } from '../../core/serving/api-websocket';
import { EngineConnectError, createSocketClientCore, openEngineSocket } from '../../core/serving/engine-socket';
import type { EngineTarget } from '../../core/serving/engine-trust';
import type { Logger } from '../../core/logger';
import type { ApiMethod, ApiPushEvent, ApiResponse } from '../../shared/api';
import { parsePushEvent } from '../../shared/api-call-error';
import type { ApiClientCore } from '../../shared/api-client-core';
import type { Unsubscribe } from '../../shared/channel';
import { messageOf } from '../../shared/errors';
import type { EngineConnection } from './desktop-engines-file';
import { FIRST_LINK_STATE, type LinkEvent, type LinkState, nextLinkState } from './link-state';

/** How long a call to a remote engine may take; a stop runs the whole stop ladder before it answers. */
export const REMOTE_CALL_TIMEOUT_MS = 60_000;

/** Runs a callback later; returns what cancels it. Injected so tests can drive time if they need to. */
export type LinkTimers = Readonly<{ after(ms: number, callback: () => void): () => void }>;

const nodeTimers: LinkTimers = {
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export type RemoteEngineLinkOptions = Readonly<{
  name: string;
  /** Opens the entry's token and CA file (desktop-engines-file.ts); a throw is a refusal that names what to fix. */
  connection(): EngineConnection;
  log: Logger;
  timers?: LinkTimers;
  callTimeoutMs?: number;
  open?(target: EngineTarget, approverCode: string | undefined): Promise<WebSocket>;
}>;

/** main's connection to one remote engine: its state, its events, and calls the window routes to it. */
export type RemoteEngineLink = Readonly<{
  name: string;
  state(): LinkState;
  onState(listener: (state: LinkState) => void): Unsubscribe;
  /** The engine's pushed events, validated against the contract. */
  onEvent(listener: (event: ApiPushEvent) => void): Unsubscribe;
  /** Calls the engine; while connecting it waits for the attempt, while lost or refused it fails at once with `unavailable`, saying why. Never rejects. */
  call(method: ApiMethod, params: unknown): Promise<ApiResponse<unknown>>;
  /**
   * Tries once more now, at the person's request: a refused link gets one attempt (refused again, it
   * stays refused with no timer), a lost one stops waiting. False while connected or connecting.
   */
  retry(): boolean;
  /** Closes for good: no more attempts. */
  close(): void;
}>;

/**
 * One WebSocket per remote engine, opened by main with the sealed token (the page never holds it).
 * A lost connection is tried again after 1 s, doubling up to a minute; a refusal (401, 403, 421, a
 * revoked token, an untrusted certificate) is not, and the state says why, until the person asks (`retry`). Nothing here changes a
 * run: a lost engine's runs keep going there, and the window is told the connection is lost.
 */
export function createRemoteEngineLink(options: RemoteEngineLinkOptions): RemoteEngineLink {
  const timers = options.timers ?? nodeTimers;
  const open = options.open ?? openEngineSocket;
  const stateListeners = new Set<(state: LinkState) => void>();
  const eventListeners = new Set<(event: ApiPushEvent) => void>();
  let state = FIRST_LINK_STATE;
  let socket: WebSocket | null = null;
  let core: ApiClientCore | null = null;
  let cancelRetry: (() => void) | null = null;
  let closed = false;

  /** Calls made while connecting, waiting for the attempt to settle (bounded by the socket's handshake timeout). */
  const settled = new Set<() => void>();
  const wakeCallers = (): void => {
    const waiting = [...settled];
    settled.clear();
    for (const wake of waiting) wake();
  };
  const move = (event: LinkEvent): void => {
    const next = nextLinkState(state, event);
    if (next === state) return;
    state = next;
    if (state.status !== 'connecting') wakeCallers();
    if (state.status === 'lost' || state.status === 'refused') options.log.warn(`remote engine ${options.name}: ${state.status}: ${state.reason ?? ''}`);
    for (const listener of [...stateListeners]) listener(state);
    if (state.status === 'lost' && state.retryInMs !== null && !closed) cancelRetry = timers.after(state.retryInMs, attempt);
  };

  const attached = (opened: WebSocket): void => {
    socket = opened;
    core = createSocketClientCore(opened, {
      callTimeoutMs: options.callTimeoutMs ?? REMOTE_CALL_TIMEOUT_MS,
      peer: `the engine ${options.name}`,
      onProblem: (problem) => options.log.warn(`remote engine ${options.name}: ${problem}`),
    });
    core.onEvent((raw) => {
      const parsed = parsePushEvent(raw);
      if (!parsed.ok) return options.log.warn(`remote engine ${options.name}: dropped an event that does not match the contract: ${parsed.problem}`);
      for (const listener of [...eventListeners]) listener(parsed.event);
    });
    opened.on('error', () => undefined); // the close that follows reports it
    opened.once('close', (code: number, reason: Buffer) => {
      socket = null;
      core = null;
      if (closed) return;
      if (code === REVOKED_CLOSE_CODE)
        return move({ type: 'failed', kind: 'refused', reason: `the token was revoked on ${options.name}: replace its token in Settings → Engines` });
      move({ type: 'dropped', reason: `the connection closed (${code}${reason.length > 0 ? `: ${reason.toString()}` : ''})` });
    });
    move({ type: 'opened' });
  };

  function attempt(): void {
    cancelRetry = null;
    if (closed) return;
    move({ type: 'attempt' });
    let connection: EngineConnection;
    try {
      connection = options.connection();
    } catch (error) {
      return move({ type: 'failed', kind: 'refused', reason: messageOf(error) });
    }
    open(connection.target, connection.approverCode).then(
      (opened) => {
        if (closed) return void opened.terminate();
        attached(opened);
      },
      (error: unknown) => {
        if (closed) return;
        move({ type: 'failed', kind: error instanceof EngineConnectError ? error.kind : 'unreachable', reason: messageOf(error) });
      },
    );
  }

  attempt();
  return {
    name: options.name,
    state: () => state,
    onState(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    async call(method, params) {
      // A window that opens on this engine (remembered from the last start) calls while the first attempt is in flight: wait for it.
      if (!core && !closed && state.status === 'connecting') await new Promise<void>((resolve) => settled.add(resolve));
      if (core) return core.call(method, params);
      const why = state.status === 'connecting' ? 'still connecting' : `${state.status}${state.reason ? `: ${state.reason}` : ''}`;
      return { ok: false, error: { code: 'unavailable', message: `The engine ${options.name} is not connected (${why}); its runs go on there` } };
    },
    retry() {
      if (closed || core !== null || state.status === 'connecting') return false;
      cancelRetry?.();
      cancelRetry = null;
      state = nextLinkState(state, { type: 'retry' });
      attempt();
      return true;
    },
    close() {
      closed = true;
      cancelRetry?.();
      wakeCallers();
      core?.failAll(`The link to ${options.name} was closed`);
      socket?.terminate();
      stateListeners.clear();
      eventListeners.clear();
    },
  };
}
