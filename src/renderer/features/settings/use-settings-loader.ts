import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { useApiClient } from '../../api/api-context';
import { useConnectionStore } from '../../api/connection-store';
import type { ApiClient } from '../../api/create-api-client';
import { receiveProviders, receiveSettings } from './settings-store';

/** Fetches the settings and the providers into the settings store. */
export async function refreshSettings(api: ApiClient): Promise<void> {
  const [settings, providers] = await Promise.all([api.call('settings.get', {}), api.call('providers.list', {})]);
  receiveSettings(settings);
  receiveProviders(providers);
}

/** Loads the settings once, and again after each reconnect; returns the last load's error, if any. */
export function useSettingsLoader(): string | null {
  const api = useApiClient();
  const reconnects = useConnectionStore((state) => state.reconnects);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    refreshSettings(api).then(
      () => isCurrent && setError(null),
      (failure: unknown) => isCurrent && setError(`Could not load the settings: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, reconnects]);
  return error;
}
