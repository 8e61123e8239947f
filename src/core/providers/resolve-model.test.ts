import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROVIDERS, type Providers } from '../../shared/providers';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { maskSettings, providerInfo, providerSecrets } from './provider-keys';
import { type ModelContext, resolveModel } from './resolve-model';

const workdir = mkdtempSync(join(tmpdir(), 'autoloop-resolve-'));
const context = (providers: Providers = DEFAULT_PROVIDERS, env: Record<string, string> = {}): ModelContext => ({
  workdir,
  scriptsFolder: workdir,
  providers,
  env,
});

describe('resolveModel', () => {
  it('resolves an anthropic model to its type, id and provider name when the environment has the key', () => {
    expect(resolveModel('anthropic/claude-sonnet-4-5', context(DEFAULT_PROVIDERS, { ANTHROPIC_API_KEY: 'sk-ant' }))).toEqual({
      provider: 'anthropic',
      id: 'claude-sonnet-4-5',
      options: { providerName: 'anthropic' },
    });
  });

  it('refuses a provider without a key with a message that says what to do', () => {
    expect(() => resolveModel('anthropic/claude-sonnet-4-5', context())).toThrow(
      'No API key for provider anthropic: set ANTHROPIC_API_KEY or add a key in Settings → Providers',
    );
  });

  it('leaves a missing key for later when asked to (a schedule being saved), and still refuses an unknown provider', () => {
    expect(resolveModel('anthropic/claude-sonnet-4-5', { ...context(), keyLater: true })).toMatchObject({ provider: 'anthropic', id: 'claude-sonnet-4-5' });
    expect(() => resolveModel('mistral/large', { ...context(), keyLater: true })).toThrow('There is no provider called "mistral"');
  });

  it('passes the base URL and context window of an openai-compatible provider, which needs no key', () => {
    const providers: Providers = { local: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1/', contextWindow: 8_192 } };
    expect(resolveModel('local/llama3.1:8b', context(providers))).toEqual({
      provider: 'openai-compatible',
      id: 'llama3.1:8b',
      options: { providerName: 'local', baseUrl: 'http://127.0.0.1:11434/v1', contextWindow: 8_192 },
    });
  });

  it('names the configured providers when the model names another', () => {
    expect(() => resolveModel('mistral/large', context())).toThrow('There is no provider called "mistral" (configured: scripted, anthropic, openai)');
  });

  it('still resolves scripted models to their script', () => {
    writeFileSync(join(workdir, 'demo.json'), '{"responses":[{}]}');
    expect(resolveModel('scripted/demo', context())).toEqual({ provider: 'scripted', id: join(workdir, 'demo.json'), options: {} });
    expect(() => resolveModel('scripted/missing', context())).toThrow('does not exist');
  });
});

describe('provider keys', () => {
  const providers: Providers = {
    anthropic: { type: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY' },
    openai: { type: 'openai', apiKey: 'sk-stored', apiKeyEnv: 'OPENAI_API_KEY' },
    local: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' },
  };

  it('prefers the stored key to the environment and sends a runner only the key of its own provider', () => {
    const env = { ANTHROPIC_API_KEY: 'sk-env', OPENAI_API_KEY: 'sk-env-openai' };
    expect(providerSecrets(providers, env, 'anthropic/claude-sonnet-4-5')).toEqual({ anthropic: 'sk-env' });
    expect(providerSecrets(providers, env, 'openai/gpt-4o')).toEqual({ openai: 'sk-stored' });
    expect(providerSecrets(providers, env, 'local/qwen')).toEqual({});
    expect(providerSecrets(providers, env, 'scripted/demo-counter')).toEqual({});
  });

  it('shows a provider without its key', () => {
    expect(providerInfo('openai', providers.openai ?? { type: 'openai' }, {})).toEqual({
      name: 'openai',
      type: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKeySet: true,
      apiKeySource: 'settings',
      apiKeyEnv: 'OPENAI_API_KEY',
      contextWindow: null,
    });
    expect(providerInfo('anthropic', providers.anthropic ?? { type: 'anthropic' }, { ANTHROPIC_API_KEY: 'sk' })).toMatchObject({
      apiKeySet: true,
      apiKeySource: 'env',
    });
  });

  it('masks stored keys in the settings the API returns', () => {
    const masked = maskSettings({ ...DEFAULT_SETTINGS, providers });
    expect(JSON.stringify(masked)).not.toContain('sk-stored');
    expect(masked.providers.openai).toEqual({ type: 'openai', apiKeyEnv: 'OPENAI_API_KEY', apiKeySet: true });
    expect(masked.providers.anthropic?.apiKeySet).toBe(false);
  });
});
