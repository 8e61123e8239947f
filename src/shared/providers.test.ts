import { describe, expect, it } from 'vitest';
import {
  ProviderName,
  ProviderPatch,
  applyProvidersPatch,
  describeConnectionError,
  describeHttpStatus,
  hostOf,
  missingKeyMessage,
  originOf,
} from './providers';
import { DEFAULT_SETTINGS, SettingsPatch, applySettingsPatch } from './settings';

describe('provider settings', () => {
  it('start with anthropic and openai keyed from the usual environment variables', () => {
    expect(DEFAULT_SETTINGS.providers).toEqual({
      anthropic: { type: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY' },
      openai: { type: 'openai', apiKeyEnv: 'OPENAI_API_KEY' },
    });
    expect(DEFAULT_SETTINGS.prices).toEqual({});
  });

  it('keep a stored key when a patch leaves it out, and remove it on null', () => {
    const stored = { anthropic: { type: 'anthropic' as const, apiKey: 'sk-ant-stored', apiKeyEnv: 'ANTHROPIC_API_KEY' } };
    expect(applyProvidersPatch(stored, { anthropic: { type: 'anthropic', baseUrl: 'https://proxy.example/v1', apiKeySet: true } })).toEqual({
      anthropic: { type: 'anthropic', baseUrl: 'https://proxy.example/v1', apiKey: 'sk-ant-stored' },
    });
    expect(applyProvidersPatch(stored, { anthropic: { type: 'anthropic', apiKey: null } })).toEqual({ anthropic: { type: 'anthropic' } });
    expect(applyProvidersPatch(stored, { anthropic: { type: 'anthropic', apiKey: 'sk-new' } }).anthropic?.apiKey).toBe('sk-new');
  });

  it('replace the whole set: a provider the patch leaves out is removed', () => {
    const next = applySettingsPatch(
      DEFAULT_SETTINGS,
      SettingsPatch.parse({ providers: { local: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1' } } }),
    );
    expect(Object.keys(next.providers)).toEqual(['local']);
    expect(next.retention).toEqual(DEFAULT_SETTINGS.retention);
  });

  it('take price overrides as a whole set keyed by provider/model', () => {
    const next = applySettingsPatch(DEFAULT_SETTINGS, SettingsPatch.parse({ prices: { 'local/llama3': { input: 0, output: 0 } } }));
    expect(next.prices).toEqual({ 'local/llama3': { input: 0, output: 0 } });
    expect(SettingsPatch.safeParse({ prices: { llama3: { input: 1, output: 1 } } }).success).toBe(false);
  });

  it('refuse an openai-compatible provider without a base URL, bad names and bad URLs', () => {
    expect(ProviderPatch.safeParse({ type: 'openai-compatible' }).success).toBe(false);
    expect(ProviderPatch.safeParse({ type: 'openai-compatible', baseUrl: 'ftp://x' }).success).toBe(false);
    expect(ProviderName.safeParse('scripted').success).toBe(false);
    expect(ProviderName.safeParse('my/provider').success).toBe(false);
    expect(ProviderName.safeParse('local-ollama').success).toBe(true);
  });
});

describe('provider messages', () => {
  it('tell a person how to give a provider its key', () => {
    expect(missingKeyMessage('anthropic', { apiKeyEnv: 'ANTHROPIC_API_KEY' })).toBe(
      'No API key for provider anthropic: set ANTHROPIC_API_KEY or add a key in Settings → Providers',
    );
    expect(missingKeyMessage('work', {})).toBe('No API key for provider work: add a key in Settings → Providers');
  });

  it('describe HTTP statuses and connection errors by code', () => {
    expect(describeHttpStatus(401, 'api.anthropic.com', 'invalid x-api-key sk-ant-xyz')).toBe(
      '401: the key was refused by api.anthropic.com; check the key in Settings → Providers',
    );
    expect(describeHttpStatus(429, 'api.openai.com', 'Rate limit reached')).toBe('429: rate limited by api.openai.com: Rate limit reached');
    expect(describeConnectionError('ECONNREFUSED', 'http://127.0.0.1:11434/v1')).toBe('connection refused at http://127.0.0.1:11434');
    expect(describeConnectionError(undefined, 'https://x.example/v1')).toBe('cannot connect to https://x.example');
  });

  it('find hosts and origins in URLs', () => {
    expect(hostOf('https://api.anthropic.com/v1/messages')).toBe('api.anthropic.com');
    expect(originOf('http://127.0.0.1:11434/v1')).toBe('http://127.0.0.1:11434');
    expect(hostOf('not a url')).toBe('not a url');
  });
});
