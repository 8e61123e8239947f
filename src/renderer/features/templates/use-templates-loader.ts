import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { useApiClient } from '../../api/api-context';
import { useConnectionStore } from '../../api/connection-store';
import type { ApiClient } from '../../api/create-api-client';
import { receiveTemplatesListed } from './templates-store';

/** Fetches the template list into the templates store (after a save, an import, a duplicate or a delete). */
export async function refreshTemplates(api: ApiClient): Promise<void> {
  receiveTemplatesListed(await api.call('templates.list', {}));
}

/** Loads the templates on mount and after each reconnect; returns the last load's error, if any. */
export function useTemplatesLoader(): string | null {
  const api = useApiClient();
  const reconnects = useConnectionStore((state) => state.reconnects);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    refreshTemplates(api).then(
      () => isCurrent && setError(null),
      (failure: unknown) => isCurrent && setError(`Could not load the templates: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, reconnects]);
  return error;
}
