import { z } from 'zod';
import { ApiError, type ApiMethod, type ApiParams, ApiPushEvent, type ApiResult, apiMethods } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { ApiCallError } from './api-call-error';
import type { ApiTransport } from './api-transport';
import { receiveConnectionState } from './connection-store';
import { apiUrlFromLocation, createWebSocketTransport, openBrowserSocket } from './websocket-transport';

/** The renderer's only way to the engine (STYLE R18): typed calls, validated answers, validated pushes. */
export type ApiClient = Readonly<{
  /** Resolves with the validated result; rejects with `ApiCallError` when the engine refuses or cannot be reached. */
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  /** Every valid pushed event; returns the unsubscribe function. */
  onEvent(listener: (event: ApiPushEvent) => void): () => void;
}>;

const ApiResponseEnvelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiError }),
]);

/** The preload bridge in the Electron window, else the WebSocket of the server that served this page. */
function pickTransport(): ApiTransport {
  if (window.autoloop) {
    receiveConnectionState({ status: 'open', retryInMs: null, reconnects: 0 });
    return window.autoloop;
  }
  return createWebSocketTransport({
    url: apiUrlFromLocation(window.location),
    openSocket: openBrowserSocket,
    onStateChange: receiveConnectionState,
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
    const parsed = ApiPushEvent.safeParse(raw);
    if (!parsed.success) {
      console.warn('Autoloop: dropped a pushed event that does not match the API contract', z.prettifyError(parsed.error), raw);
      return;
    }
    for (const listener of listeners) listener(parsed.data);
  });

  return {
    async call(method, params) {
      let raw: unknown;
      try {
        raw = await transport.call(method, params);
      } catch (error) {
        throw new ApiCallError(method, { code: 'unavailable', message: `Could not reach Autoloop for ${method}: ${messageOf(error)}` });
      }
      const response = ApiResponseEnvelope.safeParse(raw);
      if (!response.success) {
        throw new ApiCallError(method, { code: 'internal', message: `Autoloop answered ${method} with something that is not an API response` });
      }
      if (!response.data.ok) throw new ApiCallError(method, response.data.error);
      const result = apiMethods[method].result.safeParse(response.data.value);
      if (!result.success) {
        throw new ApiCallError(method, {
          code: 'internal',
          message: `Autoloop answered ${method} with data this window does not understand: ${z.prettifyError(result.error)}`,
        });
      }
      // The schema looked up by `method` produced this value, so it is this method's result type.
      return result.data as ApiResult<typeof method>;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
