import { describe, expect, it } from 'vitest';
import { builders } from '../../testing/builders';
import { checkProviderDraft, draftFromProvider } from './provider-draft';

const anthropic = builders.provider({ apiKeyEnv: 'ANTHROPIC_API_KEY' });

describe('provider drafts', () => {
  it('never prefills the key, and keeps the stored one when the field stays empty', () => {
    const draft = draftFromProvider(anthropic);
    expect(draft.apiKey).toBe('');
    expect(checkProviderDraft(draft, anthropic)).toEqual({ ok: true, name: 'anthropic', config: { type: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY' } });
  });

  it('sends a new key, or null to remove the stored one', () => {
    expect(checkProviderDraft({ ...draftFromProvider(anthropic), apiKey: ' sk-new ' }, anthropic)).toMatchObject({ ok: true, config: { apiKey: 'sk-new' } });
    expect(checkProviderDraft({ ...draftFromProvider(anthropic), removeKey: true }, anthropic)).toMatchObject({ ok: true, config: { apiKey: null } });
  });

  it('checks the name and the base URL with the engine’s own rules, at their fields', () => {
    const checked = checkProviderDraft({ ...draftFromProvider(), name: 'scripted', baseUrl: '' });
    expect(checked.ok).toBe(false);
    expect(checked.ok ? {} : Object.keys(checked.errors).sort()).toEqual(['baseUrl', 'name']);
    const badUrl = checkProviderDraft({ ...draftFromProvider(), name: 'local', baseUrl: 'localhost:11434' });
    expect(badUrl.ok ? null : badUrl.errors.baseUrl).toBe('a base URL starts with http:// or https://');
  });

  it('accepts a local openai-compatible server without a key', () => {
    expect(checkProviderDraft({ ...draftFromProvider(), name: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1' })).toEqual({
      ok: true,
      name: 'ollama',
      config: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1' },
    });
  });
});
