import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3StreamPart,
  type LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { z } from 'zod';
import type { ScriptedResponse, ScriptedScript } from '../../shared/scripted-script';
import { abortableDelay } from '../loop/abortable-delay';
import { SCRIPTED_HISTORY_KEY } from './prompt-history';

/** A rough token count for text the script gives no usage for: four characters a token. */
function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

function usageOf(response: ScriptedResponse, promptChars: () => number, outputChars: number): LanguageModelV3Usage {
  const inputTokens = response.usage?.inputTokens ?? estimateTokens(promptChars());
  const outputTokens = response.usage?.outputTokens ?? estimateTokens(outputChars);
  const cacheRead = response.usage?.cacheReadTokens ?? 0;
  const cacheWrite = response.usage?.cacheWriteTokens ?? 0;
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens - cacheRead, cacheRead, cacheWrite },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
  };
}

/** Picks the response for call number `index` (0-based), applying `whenExhausted`. */
export function pickScriptedResponse(script: ScriptedScript, index: number): ScriptedResponse | 'exhausted' {
  const { responses } = script;
  if (index < responses.length) return responses[index] as ScriptedResponse;
  switch (script.whenExhausted) {
    case 'repeat-last':
      return responses[responses.length - 1] as ScriptedResponse;
    case 'loop':
      return responses[index % responses.length] as ScriptedResponse;
    case 'empty':
      return {};
    case 'error':
      return 'exhausted';
  }
}

/** The error a real HTTP provider raises for this status (DESIGN §6: errors are typed, never prose). */
function providerError(modelId: string, error: NonNullable<ScriptedResponse['error']>): APICallError {
  const retryable = error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
  return new APICallError({
    message: error.message,
    url: `scripted://${modelId}`,
    requestBodyValues: {},
    statusCode: error.status,
    responseHeaders: error.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(error.retryAfterMs) },
    responseBody: JSON.stringify({ error: { message: error.message } }),
    isRetryable: retryable,
  });
}

/** Where the run's stored history sits in the prompt and how long it is, when `withHistory` says so. */
const HistoryHint = z.object({ start: z.number().int().min(0), count: z.number().int().min(0), chars: z.number().int().min(0) });

/** The prompt's JSON length; the stored history's part is taken as measured when it was added, so a long run does not measure it at every call. */
function promptLength(options: LanguageModelV3CallOptions): number {
  const hint = HistoryHint.safeParse(options.providerOptions?.[SCRIPTED_HISTORY_KEY]);
  if (!hint.success || hint.data.count === 0) return JSON.stringify(options.prompt).length;
  const { start, count, chars } = hint.data;
  return chars + JSON.stringify([...options.prompt.slice(0, start), ...options.prompt.slice(start + count)]).length;
}

function streamPartsOf(response: ScriptedResponse, call: number, options: LanguageModelV3CallOptions): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: [] }];
  if (response.reasoning) {
    parts.push(
      { type: 'reasoning-start', id: `r${call}` },
      { type: 'reasoning-delta', id: `r${call}`, delta: response.reasoning },
      { type: 'reasoning-end', id: `r${call}` },
    );
  }
  if (response.text) {
    parts.push({ type: 'text-start', id: `t${call}` });
    // Words arrive one delta each, as they do from a streaming provider.
    for (const word of response.text.match(/\S+\s*|\s+/g) ?? []) parts.push({ type: 'text-delta', id: `t${call}`, delta: word });
    parts.push({ type: 'text-end', id: `t${call}` });
  }
  const toolCalls = response.toolCalls ?? [];
  toolCalls.forEach((toolCall, index) => {
    parts.push({ type: 'tool-call', toolCallId: `call_${call}_${index}`, toolName: toolCall.tool, input: JSON.stringify(toolCall.input) });
  });
  const outputChars = (response.text?.length ?? 0) + JSON.stringify(toolCalls).length * (toolCalls.length > 0 ? 1 : 0);
  parts.push({
    type: 'finish',
    usage: usageOf(response, () => promptLength(options), outputChars),
    finishReason: { unified: toolCalls.length > 0 ? 'tool-calls' : 'stop', raw: undefined },
  });
  return parts;
}

/**
 * A real AI SDK language model that plays a script, one entry per model call (DESIGN §6).
 * Used by tests and to dry-run a template without spending tokens.
 */
export function createScriptedModel(script: ScriptedScript, modelId: string, firstCall = 0): LanguageModelV3 & { calls(): number } {
  let calls = firstCall;

  async function next(options: LanguageModelV3CallOptions): Promise<{ response: ScriptedResponse; call: number }> {
    const call = calls;
    calls += 1;
    const response = pickScriptedResponse(script, call);
    if (response === 'exhausted') {
      throw providerError(modelId, { status: 500, message: `the script has no response number ${call + 1}` });
    }
    if (response.delayMs) await abortableDelay(response.delayMs, options.abortSignal);
    if (response.error) throw providerError(modelId, response.error);
    return { response, call };
  }

  return {
    specificationVersion: 'v3',
    provider: 'scripted',
    modelId,
    supportedUrls: {},
    calls: () => calls,
    async doGenerate(options) {
      const { response, call } = await next(options);
      const content = [
        ...(response.text ? [{ type: 'text' as const, text: response.text }] : []),
        ...(response.toolCalls ?? []).map((toolCall, index) => ({
          type: 'tool-call' as const,
          toolCallId: `call_${call}_${index}`,
          toolName: toolCall.tool,
          input: JSON.stringify(toolCall.input),
        })),
      ];
      return {
        content,
        finishReason: { unified: response.toolCalls?.length ? 'tool-calls' : 'stop', raw: undefined },
        usage: usageOf(response, () => promptLength(options), response.text?.length ?? 0),
        warnings: [],
      };
    },
    async doStream(options) {
      const { response, call } = await next(options);
      const parts = streamPartsOf(response, call, options);
      return {
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  };
}
