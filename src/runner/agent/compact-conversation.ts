import type { LanguageModelV3 } from '@ai-sdk/provider';
import { type LanguageModelUsage, type ModelMessage, generateText } from 'ai';
import { messageOf } from '../../shared/errors';
import { summaryCut, transcriptOf, truncateToolResults } from './compaction';
import { estimateTokens } from './context-window';

/** After compaction the conversation should take at most this share of the window… */
const TARGET_SHARE = 0.5;
/** …of which the newest turns, kept word for word, at most this share. */
const KEEP_SHARE = 0.25;
/** The transcript handed to the summariser takes at most this share of the window. */
const TRANSCRIPT_SHARE = 0.5;
const SUMMARY_MAX_TOKENS = 2_000;

const SUMMARY_SYSTEM =
  'You compress the history of an autonomous agent run so the agent can continue it. Write a dense summary: ' +
  'the goal, what was done and found in each step (files, commands, results, numbers), decisions and why, ' +
  'what failed, and what remains. Keep exact names, paths and values. No preamble.';

const ACKNOWLEDGED: ModelMessage = { role: 'assistant', content: 'Understood. I continue from this summary.' };

export type Compaction = Readonly<{
  messages: ModelMessage[];
  /** What happened, for a notice in the run's log. */
  notice: string;
  /** The summariser's tokens, to be reported as usage. */
  usage?: LanguageModelUsage;
}>;

export type CompactionInput = Readonly<{
  model: LanguageModelV3;
  system: string;
  messages: ReadonlyArray<ModelMessage>;
  contextWindow: number;
  signal: AbortSignal;
}>;

/**
 * Shrinks a conversation that outgrew the context window (DESIGN §6): old tool results first; if
 * that is not enough, older turns become one summary written by the same model. Cuts fall only at
 * the start of a turn, so no tool call is parted from its result.
 */
export async function compactConversation(input: CompactionInput): Promise<Compaction> {
  const before = estimateTokens(input.system, input.messages);
  const truncated = truncateToolResults(input.messages);
  const afterTruncation = estimateTokens(input.system, truncated);
  if (afterTruncation <= input.contextWindow * TARGET_SHARE) {
    return { messages: truncated, notice: `The conversation was compacted: old tool results shortened (about ${before} → ${afterTruncation} tokens).` };
  }
  const cut = summaryCut(truncated, input.contextWindow * KEEP_SHARE);
  const older = truncated.slice(0, cut);
  const kept = truncated.slice(cut);
  if (older.length === 0)
    return { messages: truncated, notice: `The conversation was compacted as far as it goes (about ${before} → ${afterTruncation} tokens).` };
  try {
    const result = await generateText({
      model: input.model,
      system: SUMMARY_SYSTEM,
      prompt: `The run so far:\n\n${transcriptOf(older, Math.floor(input.contextWindow * TRANSCRIPT_SHARE * 4))}\n\nSummarise it.`,
      maxOutputTokens: SUMMARY_MAX_TOKENS,
      abortSignal: input.signal,
      maxRetries: 0,
    });
    const messages: ModelMessage[] = [
      { role: 'user', content: `[Autoloop compacted the ${older.length} earlier messages of this run into this summary]\n\n${result.text.trim()}` },
      ACKNOWLEDGED,
      ...kept,
    ];
    const after = estimateTokens(input.system, messages);
    return {
      messages,
      usage: result.usage,
      notice: `The conversation was compacted: ${older.length} earlier messages summarised (about ${before} → ${after} tokens).`,
    };
  } catch (error) {
    if (input.signal.aborted) throw error;
    // Without a summary the run still has to fit: the older turns go, and the agent is told so.
    const messages: ModelMessage[] = [
      { role: 'user', content: `[Autoloop removed the ${older.length} earlier messages of this run to fit the context window; no summary could be written]` },
      ACKNOWLEDGED,
      ...kept,
    ];
    return { messages, notice: `The conversation was compacted: the summary failed (${messageOf(error)}), so ${older.length} earlier messages were dropped.` };
  }
}
