import type { SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { SystemModelMessage } from 'ai';

/**
 * How a run asks its provider to cache the prompt's stable prefix (issue #19). The system prompt is
 * byte-identical across a run's iterations, and each request extends the previous one, so:
 * - Anthropic caches only where asked: a breakpoint (`cacheControl: ephemeral`) on the system prompt,
 *   on the last message of the history and on the last message of each request (`withHistory`);
 *   three of the four Anthropic allows;
 * - OpenAI caches prefixes by itself; a `promptCacheKey` per run routes its requests together;
 * - other providers (OpenAI-compatible servers, the scripted model) get nothing extra.
 */
export type PromptCaching = Readonly<{ provider: string; runId: string }>;

const EPHEMERAL = { type: 'ephemeral' } as const;

/** Whether the run's requests carry Anthropic cache breakpoints. */
export function usesCacheBreakpoints(caching: PromptCaching | undefined): boolean {
  return caching?.provider === 'anthropic';
}

/** The system prompt as `streamText` takes it: with a cache breakpoint for Anthropic, else the plain text. */
export function cachedSystem(text: string, caching: PromptCaching | undefined): string | SystemModelMessage {
  if (!usesCacheBreakpoints(caching)) return text;
  return { role: 'system', content: text, providerOptions: { anthropic: { cacheControl: EPHEMERAL } } };
}

/** The call's provider options: OpenAI's stable cache key for the run, nothing for the others. */
export function cachingProviderOptions(caching: PromptCaching | undefined): SharedV3ProviderOptions | undefined {
  if (caching?.provider !== 'openai') return undefined;
  return { openai: { promptCacheKey: `autoloop-run-${caching.runId}` } };
}
