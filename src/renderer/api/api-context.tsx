import { createContext, type ReactNode, useContext } from 'react';
import type { ApiClient } from './create-api-client';

const ApiClientContext = createContext<ApiClient | null>(null);

/** Makes one API client available to every component below it. */
export function ApiProvider({ client, children }: Readonly<{ client: ApiClient; children: ReactNode }>) {
  return <ApiClientContext.Provider value={client}>{children}</ApiClientContext.Provider>;
}

/** The API client of the nearest `ApiProvider`. */
export function useApiClient(): ApiClient {
  const client = useContext(ApiClientContext);
  if (!client) throw new Error('useApiClient() was called outside <ApiProvider>; main.tsx wraps the app in one.');
  return client;
}
