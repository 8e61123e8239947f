import { APICallError } from '@ai-sdk/provider';
import { generateText, streamText } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { modelFor, partsOf } from './testing/scripted-calls';

afterEach(() => {
  vi.useRealTimers();
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
