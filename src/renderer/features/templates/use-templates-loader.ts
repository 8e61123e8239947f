import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { useApiClient } from '../../api/api-context';
import { useConnectionStore } from '../../api/connection-store';
import { receiveTemplatesListed } from './templates-store';

/** Loads the templates on mount and after each reconnect; returns the last load's error, if any. */
export function useTemplatesLoader(): string | null {
  const api = useApiClient();
  const reconnects = useConnectionStore((state) => state.reconnects);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    api.call('templates.list', {}).then(
      (templates) => {
        if (!isCurrent) return;
        receiveTemplatesListed(templates);
        setError(null);
      },
      (failure: unknown) => isCurrent && setError(`Could not load the templates: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, reconnects]);
  return error;
}
