import { useEffect, useState } from 'react';
import { messageOf } from '../../shared/errors';
import { useApiClient } from './api-context';
import { useConnectionStore } from './connection-store';
import type { ApiClient } from './create-api-client';

/**
 * Runs `load` once, and again after each reconnect (pushes missed meanwhile); returns the last
 * load's error as `Could not load <what>: …`, or null. `load` must be a stable function (a
 * module-level one), or it loads again on every render.
 */
export function useLoadOnConnect(load: (api: ApiClient) => Promise<void>, what: string): string | null {
  const api = useApiClient();
  const reconnects = useConnectionStore((state) => state.reconnects);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    load(api).then(
      () => isCurrent && setError(null),
      (failure: unknown) => isCurrent && setError(`Could not load ${what}: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, reconnects, load, what]);
  return error;
}
