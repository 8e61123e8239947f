import { APICallError } from '@ai-sdk/provider';
import { type TextStreamPart, type ToolSet, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ScriptedScript } from '../../shared/scripted-script';
import { createScriptedModel, pickScriptedResponse } from './scripted-model';

const scriptOf = (script: z.input<typeof ScriptedScript>): ScriptedScript => ScriptedScript.parse(script);
const modelFor = (script: z.input<typeof ScriptedScript>, firstCall = 0) => createScriptedModel(scriptOf(script), 'test-script.json', firstCall);

async function partsOf<T extends ToolSet>(stream: AsyncIterable<TextStreamPart<T>>): Promise<Array<TextStreamPart<T>>> {
  const parts: Array<TextStreamPart<T>> = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The texts of `count` successive single-step calls to the model. */
async function textsOfCalls(model: ReturnType<typeof modelFor>, count: number): Promise<string[]> {
  const texts: string[] = [];
  for (let call = 0; call < count; call += 1) texts.push((await generateText({ model, prompt: 'Go.', maxRetries: 0 })).text);
  return texts;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createScriptedModel through the AI SDK', () => {
  it('streams a scripted text as text deltas, word by word', async () => {
    const model = modelFor({ responses: [{ text: 'Looking at the failing tests now.' }] });
    const parts = await partsOf(streamText({ model, prompt: 'Begin the program.', maxRetries: 0 }).fullStream);
    const deltas = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Looking at the failing tests now.');
  });

  it('streams scripted reasoning as reasoning deltas', async () => {
    const model = modelFor({ responses: [{ reasoning: 'The parser test fails first.', text: 'Fixing it.' }] });
    const parts = await partsOf(streamText({ model, prompt: 'Go.', maxRetries: 0 }).fullStream);
    expect(parts.flatMap((part) => (part.type === 'reasoning-delta' ? [part.text] : [])).join('')).toBe('The parser test fails first.');
  });

  it('returns a scripted text from generateText', async () => {
    const result = await generateText({ model: modelFor({ responses: [{ text: 'Done.' }] }), prompt: 'Go.', maxRetries: 0 });
    expect(result.text).toBe('Done.');
    expect(result.finishReason).toBe('stop');
  });

  it('calls a real tool with the scripted input, then plays the next response', async () => {
    const received: Array<{ command: string }> = [];
    const bash = tool({
      description: 'Runs a command.',
      inputSchema: z.object({ command: z.string() }),
      execute: async (input) => {
        received.push(input);
        return 'exit 0';
      },
    });
    const model = modelFor({
      responses: [{ text: 'Running the tests.', toolCalls: [{ tool: 'bash', input: { command: 'npm test' } }] }, { text: 'All green.' }],
    });
    const result = await generateText({ model, prompt: 'Go.', tools: { bash }, stopWhen: stepCountIs(5), maxRetries: 0 });
    expect(received).toEqual([{ command: 'npm test' }]);
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.toolResults.map((toolResult) => toolResult.output)).toEqual(['exit 0']);
    expect(result.text).toBe('All green.');
    expect(model.calls()).toBe(2);
  });

  it('streams tool calls to a real tool as well', async () => {
    const received: Array<{ summary: string }> = [];
    const report = tool({
      inputSchema: z.object({ summary: z.string() }),
      execute: async (input) => {
        received.push(input);
        return 'Reported.';
      },
    });
    const model = modelFor({ responses: [{ toolCalls: [{ tool: 'report', input: { summary: 'Fixed test_parse.' } }] }, { text: 'Ok.' }] });
    const parts = await partsOf(streamText({ model, prompt: 'Go.', tools: { report }, stopWhen: stepCountIs(5), maxRetries: 0 }).fullStream);
    expect(received).toEqual([{ summary: 'Fixed test_parse.' }]);
    expect(parts.filter((part) => part.type === 'tool-call')).toMatchObject([{ toolName: 'report', input: { summary: 'Fixed test_parse.' } }]);
  });

  it('reports the scripted usage in each finish-step', async () => {
    const model = modelFor({
      responses: [{ text: 'Hello.', usage: { inputTokens: 1200, outputTokens: 40, cacheReadTokens: 200, cacheWriteTokens: 30 } }],
    });
    const parts = await partsOf(streamText({ model, prompt: 'Go.', maxRetries: 0 }).fullStream);
    const steps = parts.filter((part) => part.type === 'finish-step');
    expect(steps).toHaveLength(1);
    expect(steps[0]?.usage).toMatchObject({
      inputTokens: 1200,
      outputTokens: 40,
      inputTokenDetails: { cacheReadTokens: 200, cacheWriteTokens: 30, noCacheTokens: 1000 },
    });
  });

  it('estimates usage when the script gives none', async () => {
    const result = await generateText({ model: modelFor({ responses: [{ text: 'A few words of output.' }] }), prompt: 'Go.', maxRetries: 0 });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBe(Math.ceil('A few words of output.'.length / 4));
  });

  it('starts at response firstCall + 1, where a resumed run left off', async () => {
    const model = modelFor({ responses: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] }, 2);
    expect(await textsOfCalls(model, 1)).toEqual(['three']);
    expect(model.calls()).toBe(3);
  });
});

describe('whenExhausted', () => {
  const responses = [{ text: 'first' }, { text: 'second' }];

  it('repeats the last response by default', async () => {
    expect(await textsOfCalls(modelFor({ responses }), 4)).toEqual(['first', 'second', 'second', 'second']);
  });

  it('repeats the last response with repeat-last', async () => {
    expect(await textsOfCalls(modelFor({ responses, whenExhausted: 'repeat-last' }), 3)).toEqual(['first', 'second', 'second']);
  });

  it('starts over with loop', async () => {
    expect(await textsOfCalls(modelFor({ responses, whenExhausted: 'loop' }), 5)).toEqual(['first', 'second', 'first', 'second', 'first']);
  });

  it('answers with no text and no tool calls with empty', async () => {
    const model = modelFor({ responses: [{ text: 'first', toolCalls: [{ tool: 'report', input: { summary: 's' } }] }], whenExhausted: 'empty' });
    await generateText({ model, prompt: 'Go.', maxRetries: 0 });
    const result = await generateText({ model, prompt: 'Go.', maxRetries: 0 });
    expect(result.text).toBe('');
    expect(result.toolCalls).toEqual([]);
    expect(result.finishReason).toBe('stop');
  });

  it('fails the call with a provider error with error', async () => {
    const model = modelFor({ responses, whenExhausted: 'error' });
    await textsOfCalls(model, 2);
    const error: unknown = await generateText({ model, prompt: 'Go.', maxRetries: 0 }).catch((thrown: unknown) => thrown);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 500, message: expect.stringContaining('no response number 3') });
  });
});

describe('pickScriptedResponse', () => {
  const first = { text: 'first' };
  const second = { text: 'second' };
  const script = (whenExhausted: ScriptedScript['whenExhausted']): ScriptedScript => ({ responses: [first, second], whenExhausted });

  it('plays the responses in order while they last', () => {
    expect([0, 1].map((index) => pickScriptedResponse(script('error'), index))).toEqual([first, second]);
  });

  it('repeats the last response with repeat-last', () => {
    expect([2, 3, 10].map((index) => pickScriptedResponse(script('repeat-last'), index))).toEqual([second, second, second]);
  });

  it('wraps around with loop', () => {
    expect([2, 3, 4].map((index) => pickScriptedResponse(script('loop'), index))).toEqual([first, second, first]);
  });

  it('gives an empty response with empty', () => {
    expect(pickScriptedResponse(script('empty'), 2)).toEqual({});
  });

  it('says exhausted with error', () => {
    expect(pickScriptedResponse(script('error'), 2)).toBe('exhausted');
  });
});

describe('scripted provider errors', () => {
  const overloaded = { responses: [{ error: { status: 529, message: 'overloaded' } }] };
  const unauthorized = { responses: [{ error: { status: 401, message: 'invalid x-api-key' } }] };

  it('throws a retryable APICallError with status 529 from generateText', async () => {
    const error: unknown = await generateText({ model: modelFor(overloaded), prompt: 'Go.', maxRetries: 0 }).catch((thrown: unknown) => thrown);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 529, isRetryable: true, message: 'overloaded' });
  });

  it('throws a non-retryable APICallError with status 401 from generateText', async () => {
    const error: unknown = await generateText({ model: modelFor(unauthorized), prompt: 'Go.', maxRetries: 0 }).catch((thrown: unknown) => thrown);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
  });

  it('surfaces the error as an error part in streamText fullStream', async () => {
    const parts = await partsOf(streamText({ model: modelFor(overloaded), prompt: 'Go.', maxRetries: 0, onError: () => undefined }).fullStream);
    const errors = parts.flatMap((part) => (part.type === 'error' ? [part.error] : []));
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ statusCode: 529, isRetryable: true });
  });

  it('hands the error to streamText onError', async () => {
    const seen: unknown[] = [];
    const result = streamText({ model: modelFor(unauthorized), prompt: 'Go.', maxRetries: 0, onError: ({ error }) => void seen.push(error) });
    await partsOf(result.fullStream);
    expect(seen).toHaveLength(1);
    expect(APICallError.isInstance(seen[0])).toBe(true);
    expect(seen[0]).toMatchObject({ statusCode: 401, isRetryable: false });
  });

  it('passes retryAfterMs on as a retry-after-ms header', async () => {
    const script = { responses: [{ error: { status: 429, message: 'slow down', retryAfterMs: 7_000 } }] };
    const error: unknown = await generateText({ model: modelFor(script), prompt: 'Go.', maxRetries: 0 }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ statusCode: 429, isRetryable: true, responseHeaders: { 'retry-after-ms': '7000' } });
  });

  it('lets the SDK retry a retryable error when retries are allowed', async () => {
    vi.useFakeTimers();
    const model = modelFor({ responses: [{ error: { status: 529, message: 'overloaded' } }, { text: 'Back.' }] });
    const call = generateText({ model, prompt: 'Go.', maxRetries: 1 });
    await vi.runAllTimersAsync();
    expect((await call).text).toBe('Back.');
    expect(model.calls()).toBe(2);
  });
});

describe('delayMs', () => {
  it('answers after the delay', async () => {
    vi.useFakeTimers();
    const model = modelFor({ responses: [{ delayMs: 5_000, text: 'Done.' }] });
    let settled = false;
    const call = generateText({ model, prompt: 'Go.', maxRetries: 0 }).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await call).text).toBe('Done.');
  });

  it('rejects as soon as the abort signal fires, without waiting out the delay', async () => {
    vi.useFakeTimers();
    const model = modelFor({ responses: [{ delayMs: 60_000, text: 'Too late.' }] });
    const controller = new AbortController();
    const call = generateText({ model, prompt: 'Go.', maxRetries: 0, abortSignal: controller.signal });
    const outcome = call.then(
      () => 'resolved',
      (error: unknown) => (error instanceof Error ? error.name : String(error)),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(model.calls()).toBe(1);
    controller.abort();
    expect(await outcome).toBe('AbortError');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends a streamed call with an abort part as soon as the abort signal fires', async () => {
    vi.useFakeTimers();
    const model = modelFor({ responses: [{ delayMs: 60_000, text: 'Too late.' }] });
    const controller = new AbortController();
    const result = streamText({ model, prompt: 'Go.', maxRetries: 0, abortSignal: controller.signal, onError: () => undefined });
    const parts = partsOf(result.fullStream);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect((await parts).map((part) => part.type)).toEqual(['start', 'abort']);
  });
});
