import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { ScriptedScript } from '../../shared/scripted-script';
import { builtinTools } from '../tools/builtin-tools';
import { type PromptCaching, cachedSystem, cachingProviderOptions } from './prompt-cache';
import { runTurn } from './run-turn';
import { createScriptedModel } from './scripted-model';

const EPHEMERAL = { anthropic: { cacheControl: { type: 'ephemeral' } } };

/** One turn of two calls (a report, then an answer) with this caching; returns what the model was called with. */
async function callsWith(caching: PromptCaching) {
  const model = createScriptedModel(
    ScriptedScript.parse({ responses: [{ toolCalls: [{ tool: 'report', input: { summary: 'Did it.' } }] }, { text: 'Done.' }] }),
    'x.json',
  );
  const calls: LanguageModelV3CallOptions[] = [];
  // Named like the real provider's model, so the turn treats it as one (the scripted model's own prompt path sets no breakpoints).
  const observed: LanguageModelV3 = {
    ...model,
    provider: `${caching.provider}.messages`,
    doStream: (options) => {
      calls.push({ ...options, prompt: structuredClone(options.prompt) });
      return model.doStream(options);
    },
  };
  await runTurn({
    model: observed,
    modelName: `${caching.provider}/x`,
    caching,
    system: 'You are a test agent.',
    history: [
      { role: 'user', content: 'This is iteration 1. Begin.' },
      { role: 'assistant', content: 'Began.' },
    ],
    prompt: 'This is iteration 2. Continue.',
    tools: builtinTools(),
    iteration: 2,
    workdir: '/tmp/work',
    outputDir: '/tmp/out',
    maxSteps: 5,
    repeatedToolCallLimit: 3,
    gate: { check: async () => ({ allowed: true }), ruleNamesHost: () => false, isReadDenied: () => false },
    signal: new AbortController().signal,
    emit: () => undefined,
  });
  return calls;
}

describe('prompt caching options', () => {
  it('marks the system prompt for Anthropic only', () => {
    expect(cachedSystem('S', { provider: 'anthropic', runId: 'r1' })).toEqual({ role: 'system', content: 'S', providerOptions: EPHEMERAL });
    expect(cachedSystem('S', { provider: 'openai', runId: 'r1' })).toBe('S');
    expect(cachedSystem('S', undefined)).toBe('S');
  });

  it('gives OpenAI a cache key per run and the others nothing', () => {
    expect(cachingProviderOptions({ provider: 'openai', runId: 'r1' })).toEqual({ openai: { promptCacheKey: 'autoloop-run-r1' } });
    expect(cachingProviderOptions({ provider: 'anthropic', runId: 'r1' })).toBeUndefined();
    expect(cachingProviderOptions({ provider: 'openai-compatible', runId: 'r1' })).toBeUndefined();
  });

  it('Anthropic: breakpoints on the system prompt, the end of the history and the end of each request', async () => {
    const calls = await callsWith({ provider: 'anthropic', runId: 'r1' });
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.prompt[0]).toMatchObject({ role: 'system', providerOptions: EPHEMERAL });
      // The history's last message (the previous turn's answer) and the request's last message.
      expect(call.prompt[2]).toMatchObject({ role: 'assistant', providerOptions: EPHEMERAL });
      expect(call.prompt.at(-1)).toMatchObject({ providerOptions: EPHEMERAL });
      expect(call.prompt.filter((message) => message.providerOptions?.anthropic !== undefined)).toHaveLength(3);
    }
  });

  it('OpenAI: the run’s cache key on every call, no breakpoints', async () => {
    const calls = await callsWith({ provider: 'openai', runId: 'r7' });
    for (const call of calls) {
      expect(call.providerOptions?.openai).toEqual({ promptCacheKey: 'autoloop-run-r7' });
      expect(call.prompt.filter((message) => message.providerOptions?.anthropic !== undefined)).toEqual([]);
    }
  });
});
