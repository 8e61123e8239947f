import type { ApiMethod, ApiParams, ApiPushEvent, ApiResult } from '../../shared/api';
import { ApiCallError, parsePushEvent, resultOfResponse } from '../../shared/api-call-error';
import { messageOf } from '../../shared/errors';
import type { ApiTransport } from './api-transport';
import { connectionStore, receiveConnectionState } from './connection-store';
import { followDesktopConnection } from './desktop-engines';
import { chosenEngine, engineSocketUrl } from './engine-choice';
import { apiUrlFromLocation, checkPageAccess, createWebSocketTransport, openBrowserSocket } from './websocket-transport';

/** The renderer's only way to the engine (STYLE R18): typed calls, validated answers, validated pushes. */
export type ApiClient = Readonly<{
  /** Resolves with the validated result; rejects with `ApiCallError` when the engine refuses or cannot be reached. */
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  /** Every valid pushed event; returns the unsubscribe function. */
  onEvent(listener: (event: ApiPushEvent) => void): () => void;
}>;

/**
 * The preload bridge in the Electron window; else the engine this tab was switched to (Settings →
 * Engines), over its WebSocket with its named token; else the WebSocket of the server that served this page.
 */
function pickTransport(): ApiTransport {
  if (window.autoloop) {
    receiveConnectionState({ status: 'open', retryInMs: null, reconnects: 0 });
    // The window may show a remote engine through main's link: its state is the window's connection.
    followDesktopConnection(window.autoloop.engines, () => connectionStore.getState(), receiveConnectionState);
    return window.autoloop;
  }
  const remote = chosenEngine(window.sessionStorage, window.localStorage);
  const remoteUrl = remote ? engineSocketUrl(remote) : null;
  if (remoteUrl !== null) {
    // Another origin: its HTTP status cannot be read from here, so a refused token shows as a connection that keeps retrying.
    return createWebSocketTransport({ url: remoteUrl, openSocket: openBrowserSocket, onStateChange: receiveConnectionState });
  }
  return createWebSocketTransport({
    url: apiUrlFromLocation(window.location),
    openSocket: openBrowserSocket,
    onStateChange: receiveConnectionState,
    checkAccess: () => checkPageAccess(window.location),
  });
}

/**
 * Picks the transport once, at start (or takes the one given, in tests), and checks everything
 * that comes back with the contract's schemas: a bad answer is an `ApiCallError`, a bad push is
 * dropped with a warning.
 */
export function createApiClient(options: Readonly<{ transport?: ApiTransport }> = {}): ApiClient {
  const transport = options.transport ?? pickTransport();
  const listeners = new Set<(event: ApiPushEvent) => void>();

  transport.onEvent((raw) => {
    const parsed = parsePushEvent(raw);
    if (!parsed.ok) {
      console.warn('Autoloop: dropped a pushed event that does not match the API contract', parsed.problem, raw);
      return;
    }
    for (const listener of listeners) listener(parsed.event);
  });

  return {
    async call(method, params) {
      let raw: unknown;
      try {
        raw = await transport.call(method, params);
      } catch (error) {
        throw new ApiCallError(method, { code: 'unavailable', message: `Could not reach Autoloop for ${method}: ${messageOf(error)}` });
      }
      return resultOfResponse(method, raw);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
