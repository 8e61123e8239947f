import { DEFAULT_BASE_URLS, type ProviderSettings, type Providers } from '../../shared/providers';
import type { ProviderInfo } from '../../shared/providers-api';
import type { Settings } from '../../shared/settings';

/** The engine's environment, where `apiKeyEnv` variables are read (never the runner's: keys are stripped there). */
export type ProviderEnv = Readonly<Record<string, string | undefined>>;

export type ProviderKey = Readonly<{ key: string; source: 'settings' | 'env' }>;

/** A provider's key: the stored one, else the engine's environment variable `apiKeyEnv`. */
export function providerKey(provider: ProviderSettings, env: ProviderEnv): ProviderKey | null {
  if (provider.apiKey) return { key: provider.apiKey, source: 'settings' };
  const fromEnv = provider.apiKeyEnv ? env[provider.apiKeyEnv]?.trim() : undefined;
  return fromEnv ? { key: fromEnv, source: 'env' } : null;
}

/** The endpoint the engine and runner talk to. */
export function baseUrlOf(provider: ProviderSettings): string {
  if (provider.baseUrl) return provider.baseUrl.replace(/\/+$/, '');
  return provider.type === 'openai-compatible' ? '' : DEFAULT_BASE_URLS[provider.type];
}

/**
 * The keys a runner receives in `init.secrets`, by provider name: only the key of the provider its
 * model names (`<provider>/<model>`), so a runner never holds keys it does not use.
 */
export function providerSecrets(providers: Providers, env: ProviderEnv, model: string): Record<string, string> {
  const name = model.slice(0, Math.max(0, model.indexOf('/')));
  const provider = providers[name];
  const found = provider ? providerKey(provider, env) : null;
  return found ? { [name]: found.key } : {};
}

/** A provider as the API shows it: everything but the key. */
export function providerInfo(name: string, provider: ProviderSettings, env: ProviderEnv): ProviderInfo {
  const found = providerKey(provider, env);
  return {
    name,
    type: provider.type,
    baseUrl: baseUrlOf(provider),
    apiKeySet: found !== null,
    apiKeySource: found?.source ?? null,
    apiKeyEnv: provider.apiKeyEnv ?? null,
    contextWindow: provider.contextWindow ?? null,
  };
}

/** Settings as the API returns them: stored keys replaced by `apiKeySet: true` (DESIGN §11). */
export function maskSettings(settings: Settings): Settings {
  const providers = Object.fromEntries(
    Object.entries(settings.providers).map(([name, { apiKey, ...rest }]) => [name, { ...rest, apiKeySet: apiKey !== undefined }]),
  );
  // A webhook's signing secret is never sent back either: a read-only token may read the settings.
  const notifiers = settings.notify.notifiers.map(({ secret, ...notifier }) => ({ ...notifier, secretSet: secret !== undefined }));
  return { ...settings, providers, notify: { ...settings.notify, notifiers } };
}
