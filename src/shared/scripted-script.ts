import { MAX_TIMER_MESSAGE, MAX_TIMER_MS } from './duration';
import { z } from 'zod';

/** One model response in a scripted model's script (DESIGN §6). */
export const ScriptedResponse = z
  .object({
    delayMs: z.number().int().min(0).max(MAX_TIMER_MS, MAX_TIMER_MESSAGE).optional(),
    reasoning: z.string().optional(),
    text: z.string().optional(),
    toolCalls: z.array(z.object({ tool: z.string().min(1), input: z.record(z.string(), z.unknown()).default({}) })).optional(),
    usage: z
      .object({
        inputTokens: z.number().int().min(0).optional(),
        outputTokens: z.number().int().min(0).optional(),
        cacheReadTokens: z.number().int().min(0).optional(),
        cacheWriteTokens: z.number().int().min(0).optional(),
      })
      .optional(),
    /** Fail this response the way an HTTP provider would. */
    error: z.object({ status: z.number().int(), message: z.string(), retryAfterMs: z.number().int().min(0).optional() }).optional(),
  })
  .strict();
export type ScriptedResponse = z.infer<typeof ScriptedResponse>;

/** A scripted model's script: the responses it plays, one per model call. */
export const ScriptedScript = z
  .object({
    responses: z.array(ScriptedResponse).min(1, 'a script needs at least one response'),
    whenExhausted: z.enum(['repeat-last', 'loop', 'empty', 'error']).default('repeat-last'),
  })
  .strict();
export type ScriptedScript = z.infer<typeof ScriptedScript>;
