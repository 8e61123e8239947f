import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { checkConcurrencyDraft, concurrencyDraftFrom } from './concurrency-draft';

describe('the concurrency draft', () => {
  it('shows the overall cap and a field per configured provider and the scripted demo, with saved caps filled in', () => {
    const settings = { ...DEFAULT_SETTINGS, concurrency: { maxConcurrentRuns: 4, perProvider: { openai: 2, gone: 1 } } };
    expect(concurrencyDraftFrom(settings)).toEqual({ maxConcurrentRuns: '4', perProvider: { anthropic: '', gone: '1', openai: '2', scripted: '' } });
  });

  it('sends the whole set of provider caps, leaves empty ones out, and refuses what is not a whole number in range', () => {
    expect(checkConcurrencyDraft({ maxConcurrentRuns: ' 0 ', perProvider: { anthropic: '', openai: '3' } })).toEqual({
      ok: true,
      patch: { concurrency: { maxConcurrentRuns: 0, perProvider: { openai: 3 } } },
    });
    const bad = checkConcurrencyDraft({ maxConcurrentRuns: '', perProvider: { openai: '1.5', anthropic: '2000' } });
    expect(bad.ok ? [] : Object.keys(bad.errors).sort()).toEqual(['concurrency-provider-anthropic', 'concurrency-provider-openai', 'maxConcurrentRuns']);
  });
});
