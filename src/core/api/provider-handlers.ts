import type { ApiHandlers } from '../../shared/api';
import type { ProviderInfo } from '../../shared/providers-api';
import { type ProviderEnv, providerInfo } from '../providers/provider-keys';
import { type ProviderTestDeps, testProvider } from '../providers/test-provider';
import type { SettingsRepository } from '../store/settings-repository';
import { ApiFailure } from '../api-failure';

export type ProviderHandlers = Pick<ApiHandlers, 'providers.list' | 'providers.test' | 'providers.set' | 'providers.remove'>;

export type ProviderHandlerDeps = Readonly<{
  settings: SettingsRepository;
  /** The engine's environment, for `apiKeyEnv` keys. */
  env: ProviderEnv;
  test?: ProviderTestDeps;
}>;

/**
 * The provider methods (DESIGN §5, §11). Providers live in the settings: `providers.set` and
 * `providers.remove` change one entry of `settings.providers`; `settings.set` can replace them all.
 */
export function createProviderHandlers(deps: ProviderHandlerDeps): ProviderHandlers {
  const list = (): ProviderInfo[] => Object.entries(deps.settings.get().providers).map(([name, provider]) => providerInfo(name, provider, deps.env));
  const requireProvider = (name: string) => {
    const provider = deps.settings.get().providers[name];
    if (!provider) throw new ApiFailure('not_found', `There is no provider called "${name}"; add it in Settings → Providers`);
    return provider;
  };

  return {
    'providers.list': async () => list(),
    'providers.test': async ({ name, model }) => testProvider(name, requireProvider(name), deps.env, model, deps.test),
    'providers.set': async ({ name, config }) => {
      deps.settings.update({ providers: { ...deps.settings.get().providers, [name]: config } });
      return list();
    },
    'providers.remove': async ({ name }) => {
      requireProvider(name);
      const { [name]: _removed, ...rest } = deps.settings.get().providers;
      deps.settings.update({ providers: rest });
      return list();
    },
  };
}
