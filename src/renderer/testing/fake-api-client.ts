import type { ApiMethod, ApiParams, ApiPushEvent, ApiResult } from '../../shared/api';
import type { ApiClient } from '../api/create-api-client';

type Handler<M extends ApiMethod> = (params: ApiParams<M>) => Promise<ApiResult<M>> | ApiResult<M>;
export type FakeHandlers = { [M in ApiMethod]?: Handler<M> };

export type FakeApiClient = ApiClient &
  Readonly<{
    calls: ReadonlyArray<Readonly<{ method: ApiMethod; params: unknown }>>;
    push(event: ApiPushEvent): void;
  }>;

/** An ApiClient for component tests: answers from the given handlers, records every call, pushes on demand. */
export function createFakeApiClient(handlers: FakeHandlers): FakeApiClient {
  const calls: Array<{ method: ApiMethod; params: unknown }> = [];
  const listeners = new Set<(event: ApiPushEvent) => void>();
  return {
    calls,
    async call(method, params) {
      calls.push({ method, params });
      const handler = handlers[method];
      if (!handler) throw new Error(`The fake API client has no handler for ${method}`);
      return handler(params);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    push(event) {
      for (const listener of listeners) listener(event);
    },
  };
}
