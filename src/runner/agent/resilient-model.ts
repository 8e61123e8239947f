import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart, LanguageModelV3StreamResult } from '@ai-sdk/provider';
import { abortableDelay } from '../loop/abortable-delay';
import type { CircuitBreaker } from './circuit-breaker';
import { CircuitOpenError, ProviderTimeoutError, RetriesExhaustedError, classifyProviderError } from './provider-errors';
import { type RetryPolicy, retryDelayMs } from './retry-policy';

/** Waits `ms`, or rejects as soon as `signal` aborts; tests pass one that records the waits. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** How a provider's calls are retried and guarded. */
export type Resilience = Readonly<{ provider: string; breaker: CircuitBreaker; policy: RetryPolicy; sleep?: Sleep }>;

/** Told before each retry, so the turn can say what it is waiting for. */
export type RetryNotice = Readonly<{ retry: number; maxRetries: number; delayMs: number; reason: string }>;

/** Parts that come before any content: a failure among them is still a failed call, safe to retry. */
const PREAMBLE: ReadonlySet<LanguageModelV3StreamPart['type']> = new Set(['stream-start', 'response-metadata', 'raw']);

/** Replays the parts read ahead, then the rest of the stream; reports later errors to the breaker. */
function replay(
  head: ReadonlyArray<LanguageModelV3StreamPart>,
  reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart>,
  onLateError: (error: unknown) => void,
  done: () => void,
): ReadableStream<LanguageModelV3StreamPart> {
  let index = 0;
  return new ReadableStream<LanguageModelV3StreamPart>({
    async pull(controller) {
      const buffered = head[index];
      if (buffered !== undefined) {
        index += 1;
        controller.enqueue(buffered);
        return;
      }
      try {
        const next = await reader.read();
        if (next.done) {
          done();
          controller.close();
          return;
        }
        if (next.value.type === 'error') onLateError(next.value.error);
        controller.enqueue(next.value);
      } catch (error) {
        done();
        controller.error(error);
      }
    },
    cancel(reason) {
      done();
      return reader.cancel(reason);
    },
  });
}

/**
 * One streaming attempt that counts as made only once content arrives: it reads ahead past the
 * preamble, so an error before the first text or tool chunk fails the attempt (and may be retried)
 * while nothing has reached the person yet. No chunk within `timeoutMs` is a timeout.
 */
async function streamAttempt(
  model: LanguageModelV3,
  options: LanguageModelV3CallOptions,
  where: string,
  timeoutMs: number,
  onLateError: (error: unknown) => void,
): Promise<LanguageModelV3StreamResult> {
  const attempt = new AbortController();
  const outer = options.abortSignal;
  const forward = (): void => attempt.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  const detach = (): void => outer?.removeEventListener('abort', forward);
  const timeout = new ProviderTimeoutError(where, timeoutMs);
  const timer = setTimeout(() => attempt.abort(timeout), timeoutMs);
  const aborted = new Promise<never>((_, reject) => {
    if (attempt.signal.aborted) reject(attempt.signal.reason);
    attempt.signal.addEventListener('abort', () => reject(attempt.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  let reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart> | undefined;
  try {
    const result = await Promise.race([model.doStream({ ...options, abortSignal: attempt.signal }), aborted]);
    reader = result.stream.getReader();
    const head: LanguageModelV3StreamPart[] = [];
    for (;;) {
      const next = await Promise.race([reader.read(), aborted]);
      if (next.done) break;
      if (next.value.type === 'error') throw next.value.error;
      head.push(next.value);
      if (!PREAMBLE.has(next.value.type)) break;
    }
    clearTimeout(timer);
    return { ...result, stream: replay(head, reader, onLateError, detach) };
  } catch (error) {
    clearTimeout(timer);
    detach();
    reader?.cancel().catch(() => undefined);
    if (attempt.signal.reason === timeout && !outer?.aborted) throw timeout;
    throw error;
  }
}

/**
 * Wraps a provider's model with the retries and circuit breaker of DESIGN §6. A call retries only
 * before any of its content was streamed, so text is never shown twice; retries wait 2/4/8 s (×3 for
 * rate limits, or what `retry-after` says), each wait abortable by the call's signal.
 */
export function withResilience(model: LanguageModelV3, resilience: Resilience, onRetry?: (notice: RetryNotice) => void): LanguageModelV3 {
  const { breaker, policy, provider } = resilience;
  const sleep = resilience.sleep ?? abortableDelay;
  const onLateError = (error: unknown): void => {
    if (classifyProviderError(error, provider).transient) breaker.failed();
  };

  async function guarded<T>(signal: AbortSignal | undefined, call: () => PromiseLike<T>): Promise<T> {
    for (let retry = 0; ; retry += 1) {
      const admission = breaker.admit();
      if (!admission.allowed) throw new CircuitOpenError(provider, admission.retryAfterMs);
      try {
        const value = await call();
        breaker.succeeded();
        return value;
      } catch (error) {
        const classified = classifyProviderError(error, provider);
        if (signal?.aborted || classified.kind === 'aborted' || classified.kind === 'unknown') {
          breaker.abandoned();
          throw error;
        }
        if (!classified.transient) {
          // The provider answered (a refused key, a bad request): it is up, whatever it said.
          breaker.succeeded();
          throw error;
        }
        breaker.failed();
        const delayMs = retryDelayMs(classified, retry + 1, policy);
        if (delayMs === null) throw retry === 0 ? error : new RetriesExhaustedError(error, retry);
        onRetry?.({ retry: retry + 1, maxRetries: policy.maxRetries, delayMs, reason: classified.message });
        await sleep(delayMs, signal);
      }
    }
  }

  return {
    specificationVersion: 'v3',
    provider: model.provider,
    modelId: model.modelId,
    get supportedUrls() {
      return model.supportedUrls;
    },
    doGenerate: (options) => guarded(options.abortSignal, () => model.doGenerate(options)),
    doStream: (options) => guarded(options.abortSignal, () => streamAttempt(model, options, provider, policy.firstChunkTimeoutMs, onLateError)),
  };
}
