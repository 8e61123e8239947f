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

/** What the provider reported for the last call: its input tokens, and how many conversation messages that call sent. */
export type ReportedContext = Readonly<{ inputTokens: number; messageCount: number }>;

/**
 * How full the context is, decided by what the provider reported (issue #19): the last call's
 * reported input tokens plus an estimate of the messages added since. The whole conversation is
 * estimated only before the first report, after a compaction, and for the scripted model, whose
 * reported figures are the script's, not the prompt's.
 */
export interface ContextMeter {
  /** The tokens a call will send with this system prompt and the conversation `head` followed by `tail` (kept apart to spare a copy). */
  tokens(system: string, head: ReadonlyArray<ModelMessage>, tail?: ReadonlyArray<ModelMessage>): number;
  /** Records the provider's report for a call that sent the first `messageCount` messages of the conversation. */
  reported(report: ReportedContext): void;
  /** Forgets the report: the conversation was rewritten (a compaction). */
  reset(): void;
}

export function createContextMeter(trustReports: boolean): ContextMeter {
  let last: ReportedContext | null = null;
  return {
    tokens(system, head, tail = []) {
      if (last === null || last.messageCount > head.length + tail.length)
        return estimateTokens(system, head) + (tail.length > 0 ? estimateTokens('', tail) : 0);
      const since = last.messageCount >= head.length ? tail.slice(last.messageCount - head.length) : [...head.slice(last.messageCount), ...tail];
      return last.inputTokens + estimateTokens('', since);
    },
    reported(report) {
      // A report arriving late for an earlier call never replaces a later one.
      if (trustReports && report.inputTokens > 0 && (last === null || report.messageCount >= last.messageCount)) last = report;
    },
    reset() {
      last = null;
    },
  };
}
