import { createStore, useStore } from 'zustand';
import type { ProviderInfo } from '../../../shared/providers-api';
import type { Settings } from '../../../shared/settings';

/** The engine's settings (keys masked) and its providers, as last fetched or saved. */
export type SettingsState = Readonly<{
  settings: Settings | null;
  providers: ReadonlyArray<ProviderInfo> | null;
}>;

/** Before `settings.get` and `providers.list` have answered. */
export const emptySettingsState: SettingsState = { settings: null, providers: null };

/** Pure: whether anything but the built-in scripted model can run: a provider with a key, or a local one that needs none. */
export function hasUsableProvider(providers: ReadonlyArray<ProviderInfo> | null): boolean {
  return (providers ?? []).some((provider) => provider.apiKeySet || provider.type === 'openai-compatible');
}

/** The settings feature store (vanilla zustand, STYLE R17). */
export const settingsStore = createStore<SettingsState>()(() => emptySettingsState);

/** Records the answer of `settings.get` or `settings.set`. */
export function receiveSettings(settings: Settings): void {
  settingsStore.setState((state) => ({ ...state, settings }), true);
}

/** Records the answer of `providers.list`, `providers.set` or `providers.remove`. */
export function receiveProviders(providers: ReadonlyArray<ProviderInfo>): void {
  settingsStore.setState((state) => ({ ...state, providers }), true);
}

/** Subscribe a component to the smallest slice it needs. */
export function useSettingsStore<T>(selector: (state: SettingsState) => T): T {
  return useStore(settingsStore, selector);
}
