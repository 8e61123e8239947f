import type { ApiClient } from '../../api/create-api-client';
import { useLoadOnConnect } from '../../api/use-load-on-connect';
import { receiveProviders, receiveSettings } from './settings-store';

/** Fetches the settings and the providers into the settings store. */
export async function refreshSettings(api: ApiClient): Promise<void> {
  const [settings, providers] = await Promise.all([api.call('settings.get', {}), api.call('providers.list', {})]);
  receiveSettings(settings);
  receiveProviders(providers);
}

/** Loads the settings once, and again after each reconnect; returns the last load's error, if any. */
export function useSettingsLoader(): string | null {
  return useLoadOnConnect(refreshSettings, 'the settings');
}
