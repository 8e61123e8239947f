import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Message, SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { ModelMessage } from 'ai';
import { convertToLanguageModelPrompt } from 'ai/internal';

/**
 * The run's conversation before this turn, converted once into the provider-level prompt format.
 * `streamText` validates and converts every message it is given at every call; a conversation of
 * thousands of messages made each iteration slower than the last (issue #19). So the turn hands the
 * SDK only its own messages, and `withHistory` puts these, converted when they were added, in front.
 */
export type PromptHistory = {
  /** Appended to in place (copying it at every iteration would grow with the run too). */
  readonly messages: LanguageModelV3Message[];
  /** The scripted model's prompt, reused from call to call (see `withHistory`). */
  readonly buffer: LanguageModelV3Message[];
  /** The JSON length of `messages`, measured once per message: what the scripted model's usage estimate needs. */
  chars: number;
};

/** The provider options key under which the scripted model learns which part of its prompt is the stored history. */
export const SCRIPTED_HISTORY_KEY = 'autoloopHistory';

/** Converts conversation messages (already valid: from the SDK itself or parsed at resume) into provider-level messages. */
export async function toPromptMessages(messages: ReadonlyArray<ModelMessage>): Promise<LanguageModelV3Message[]> {
  if (messages.length === 0) return [];
  // No downloads: Autoloop's tools return text and JSON, never file URLs a provider would need fetched.
  return convertToLanguageModelPrompt({ prompt: { messages: [...messages] }, supportedUrls: {}, download: async () => [] });
}

/** Appends messages to the history; only the new ones are converted and measured. */
export async function appendToHistory(history: PromptHistory, messages: ReadonlyArray<ModelMessage>): Promise<PromptHistory> {
  for (const message of await toPromptMessages(messages)) {
    history.messages.push(message);
    history.chars += JSON.stringify(message).length + 1;
  }
  return history;
}

/** A history of these messages (a new one: nothing else appends to it). */
export async function promptHistoryOf(messages: ReadonlyArray<ModelMessage>): Promise<PromptHistory> {
  return appendToHistory({ messages: [], buffer: [], chars: 0 }, messages);
}

/** A message with an Anthropic cache breakpoint after it (a copy: the history is shared between calls). */
export function withCacheBreakpoint<T extends { providerOptions?: SharedV3ProviderOptions }>(message: T): T {
  const anthropic = { ...message.providerOptions?.anthropic, cacheControl: { type: 'ephemeral' } };
  return { ...message, providerOptions: { ...message.providerOptions, anthropic } };
}

export type HistoryOptions = Readonly<{
  /** Anthropic: a cache breakpoint on the last message of the history and on the last message of each request. */
  cacheBreakpoints: boolean;
  /**
   * The scripted model: tell it where the history is, so its usage estimate need not measure it
   * again, and hand it one prompt array that grows in place instead of a copy of the history at
   * every call (its calls end before the next begins and it keeps nothing; an HTTP provider,
   * which serialises the whole prompt into its request anyway, gets a fresh array).
   */
  scripted: boolean;
}>;

function promptWithHistory(prompt: LanguageModelV3CallOptions['prompt'], history: PromptHistory, options: HistoryOptions) {
  const systemCount = prompt.findIndex((message) => message.role !== 'system');
  const split = systemCount === -1 ? prompt.length : systemCount;
  const messages = prompt.slice(0, split).concat(history.messages, prompt.slice(split));
  if (options.cacheBreakpoints) {
    const lastPast = split + history.messages.length - 1;
    if (history.messages.length > 0) messages[lastPast] = withCacheBreakpoint(messages[lastPast] as LanguageModelV3Message);
    const last = messages.length - 1;
    if (last >= split) messages[last] = withCacheBreakpoint(messages[last] as LanguageModelV3Message);
  }
  return { messages, historyStart: split };
}

/** The scripted model's prompt in the reused buffer: system messages, the history (only what was added since the last call is copied), the turn. */
function scriptedPrompt(prompt: LanguageModelV3CallOptions['prompt'], history: PromptHistory) {
  const systemCount = prompt.findIndex((message) => message.role !== 'system');
  const split = systemCount === -1 ? prompt.length : systemCount;
  const { buffer, messages } = history;
  const stored = buffer.length > 0 ? buffer.length - split : 0;
  // The buffer holds [system…, history…] between calls; a history that was replaced (or a new system) starts it again.
  if (stored > messages.length || (stored > 0 && buffer[split + stored - 1] !== messages[stored - 1])) buffer.length = 0;
  if (buffer.length === 0) buffer.push(...prompt.slice(0, split));
  for (let index = buffer.length - split; index < messages.length; index += 1) buffer.push(messages[index] as LanguageModelV3Message);
  for (let index = 0; index < split; index += 1) buffer[index] = prompt[index] as LanguageModelV3Message;
  const base = buffer.length;
  buffer.push(...prompt.slice(split));
  return { messages: buffer, historyStart: split, restore: () => void (buffer.length = base) };
}

/** The model with the run's history put between the system prompt and the turn's own messages at every call. */
export function withHistory(model: LanguageModelV3, history: PromptHistory, options: HistoryOptions): LanguageModelV3 {
  async function call<T>(callOptions: LanguageModelV3CallOptions, send: (options: LanguageModelV3CallOptions) => PromiseLike<T>): Promise<T> {
    if (!options.scripted) return send({ ...callOptions, prompt: promptWithHistory(callOptions.prompt, history, options).messages });
    const { messages, historyStart, restore } = scriptedPrompt(callOptions.prompt, history);
    const told = { start: historyStart, count: history.messages.length, chars: history.chars };
    try {
      return await send({ ...callOptions, prompt: messages, providerOptions: { ...callOptions.providerOptions, [SCRIPTED_HISTORY_KEY]: told } });
    } finally {
      restore();
    }
  }
  return {
    specificationVersion: 'v3',
    provider: model.provider,
    modelId: model.modelId,
    get supportedUrls() {
      return model.supportedUrls;
    },
    doGenerate: (options) => call(options, (sent) => model.doGenerate(sent)),
    doStream: (options) => call(options, (sent) => model.doStream(sent)),
  };
}
