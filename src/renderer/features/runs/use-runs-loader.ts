import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { useApiClient } from '../../api/api-context';
import { useConnectionStore } from '../../api/connection-store';
import type { ApiClient } from '../../api/create-api-client';
import { receiveRunsListed, runsStore } from './runs-store';

/** Fetches every run into the runs store, without undoing pushes that arrive meanwhile. */
export async function refreshRuns(api: ApiClient): Promise<void> {
  const askedAt = runsStore.getState().pushCount;
  receiveRunsListed(await api.call('runs.list', {}), askedAt);
}

/** Loads the runs once, and again after each reconnect; returns the last load's error, if any. */
export function useRunsLoader(): string | null {
  const api = useApiClient();
  const reconnects = useConnectionStore((state) => state.reconnects);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    refreshRuns(api).then(
      () => isCurrent && setError(null),
      (failure: unknown) => isCurrent && setError(`Could not load the runs: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, reconnects]);
  return error;
}
