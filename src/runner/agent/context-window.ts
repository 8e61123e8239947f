import type { ModelMessage } from 'ai';

/** The window assumed for a model the table does not know. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/** Compaction starts when the conversation passes this share of the window (DESIGN §6). */
export const COMPACT_AT = 0.7;

/** Input context windows in tokens, by model id prefix; the first match wins. */
const CONTEXT_WINDOWS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^claude-/, 200_000],
  [/^gpt-5/, 272_000],
  [/^gpt-4\.1/, 1_047_576],
  [/^(gpt-4o|chatgpt-4o)/, 128_000],
  [/^gpt-4-turbo/, 128_000],
  [/^gpt-4(-|$)/, 8_192],
  [/^gpt-3\.5-turbo/, 16_385],
  [/^o1-mini/, 128_000],
  [/^o[134](-|$)/, 200_000],
];

/** A model's context window: the run's override, else the table, else 128k. */
export function contextWindowOf(modelId: string, override?: number): number {
  if (override !== undefined && override > 0) return override;
  return CONTEXT_WINDOWS.find(([pattern]) => pattern.test(modelId))?.[1] ?? DEFAULT_CONTEXT_WINDOW;
}

/** A rough token count of a prompt: four characters a token, the JSON framing included (errs on the large side). */
export function estimateTokens(system: string, messages: ReadonlyArray<ModelMessage>): number {
  return Math.ceil((system.length + JSON.stringify(messages).length) / 4);
}

/** Whether a prompt of this size must be compacted for this window. */
export function needsCompaction(system: string, messages: ReadonlyArray<ModelMessage>, contextWindow: number): boolean {
  return estimateTokens(system, messages) > contextWindow * COMPACT_AT;
}
