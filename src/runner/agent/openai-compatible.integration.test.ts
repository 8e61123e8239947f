import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../shared/protocol';
import { abortableDelay } from '../loop/abortable-delay';
import { createCircuitBreaker } from './circuit-breaker';
import { type FakeReply, openAiError, useFakeLlmServers } from './testing/fake-llm-server';
import { turnAgainst } from './testing/turn-harness';

const serve = useFakeLlmServers();

const local = (baseUrl: string): ModelSpec => ({ provider: 'openai-compatible', id: 'test-model', options: { providerName: 'local', baseUrl } });
const KEY = { local: 'sk-local-test-key' };
const done: FakeReply = { kind: 'answer', text: 'All done.' };

describe('an openai-compatible provider, streamed over real HTTP', () => {
  it('streams text deltas and reports the final usage chunk', async () => {
    const server = await serve([{ kind: 'answer', text: 'Hello from the fake server.', usage: { input: 321, output: 12, cacheRead: 21 } }]);
    const { result, texts, usages } = await turnAgainst(local(server.baseUrl), KEY);
    expect(result).toMatchObject({ status: 'ok', summary: 'Hello from the fake server.' });
    // The fake server writes every chunk at once, so the deltas arrive together and are joined (delta-batcher.ts).
    expect(texts.join('')).toBe('Hello from the fake server.');
    expect(usages).toEqual([
      { type: 'usage', iteration: 1, inputTokens: 321, outputTokens: 12, cacheReadTokens: 21, cacheWriteTokens: 0, costUsd: null, model: 'local/test-model' },
    ]);
    const request = server.requests[0];
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-local-test-key');
    expect(request?.body).toMatchObject({ model: 'test-model', stream: true, stream_options: { include_usage: true } });
  });

  it('hands streamed tool calls to the real tools and sends their results back', async () => {
    const server = await serve([
      { kind: 'answer', text: 'Writing.', toolCalls: [{ name: 'write_file', input: { path: 'notes.txt', content: 'from the model' } }] },
      { kind: 'answer', toolCalls: [{ name: 'report', input: { summary: 'Wrote notes.txt.' } }] },
      done,
    ]);
    const { result, workdir, events, usages } = await turnAgainst(local(server.baseUrl), KEY);
    expect(result).toMatchObject({ status: 'ok', summary: 'Wrote notes.txt.' });
    expect(readFileSync(join(workdir, 'notes.txt'), 'utf8')).toBe('from the model');
    expect(events.filter((event) => event.kind === 'tool_call').map((event) => event.data.tool)).toEqual(['write_file', 'report']);
    expect(usages).toHaveLength(3);
    expect(result.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
    const secondRequest = JSON.stringify(server.requests[1]?.body.messages);
    expect(secondRequest).toContain('"role":"tool"');
    expect(secondRequest).toContain('call_0');
  });

  it('does not retry a refused key and says what to do', async () => {
    const server = await serve([
      { kind: 'error', status: 401, body: openAiError('Incorrect API key provided: sk-loc***key', 'invalid_request_error', 'invalid_api_key') },
    ]);
    const { result, waits } = await turnAgainst(local(server.baseUrl), KEY);
    expect(server.calls()).toBe(1);
    expect(waits).toEqual([]);
    expect(result.failure).toMatchObject({ kind: 'auth', status: 401, provider: 'local', signature: 'auth:local:401' });
    expect(result.failure?.message).toBe(`401: the key was refused by ${server.baseUrl.slice(7, -3)}; check the key in Settings → Providers`);
    expect(result.failure?.message).not.toContain('sk-');
  });

  it('does not retry an invalid request', async () => {
    const server = await serve([{ kind: 'error', status: 400, body: openAiError('tools[0] is not valid', 'invalid_request_error') }]);
    const { result, waits } = await turnAgainst(local(server.baseUrl), KEY);
    expect(server.calls()).toBe(1);
    expect(waits).toEqual([]);
    expect(result.failure).toMatchObject({ kind: 'provider_error', status: 400 });
    expect(result.failure?.message).toContain('tools[0] is not valid');
  });

  it('retries rate limits with ×3 backoff, honours retry-after, and streams the answer once', async () => {
    const server = await serve([
      { kind: 'error', status: 429, body: openAiError('slow down', 'rate_limit_error') },
      { kind: 'error', status: 429, body: openAiError('slow down', 'rate_limit_error'), headers: { 'retry-after': '7' } },
      { kind: 'error', status: 429, body: openAiError('slow down', 'rate_limit_error'), headers: { 'retry-after-ms': '1500' } },
      { kind: 'answer', text: 'Finally through.' },
    ]);
    const { result, waits, texts, notices } = await turnAgainst(local(server.baseUrl), KEY);
    expect(server.calls()).toBe(4);
    expect(waits).toEqual([6_000, 7_000, 1_500]);
    expect(result).toMatchObject({ status: 'ok', summary: 'Finally through.' });
    expect(texts.join('')).toBe('Finally through.');
    expect(notices[0]).toContain('429: rate limited by');
    expect(notices[0]).toContain('retry 1 of 3');
  });

  it('retries server errors 3 times at 2, 4 and 8 s, then fails with the typed failure', async () => {
    const server = await serve([{ kind: 'error', status: 500, body: openAiError('boom', 'server_error') }]);
    const { result, waits } = await turnAgainst(local(server.baseUrl), KEY);
    expect(server.calls()).toBe(4);
    expect(waits).toEqual([2_000, 4_000, 8_000]);
    expect(result.failure).toMatchObject({ kind: 'provider_error', status: 500, signature: 'provider_error:local:500' });
    expect(result.failure?.message).toContain('(after 3 retries)');
  });

  it('waits the base delay the policy sets', async () => {
    const server = await serve([{ kind: 'error', status: 503, body: openAiError('busy', 'server_error') }, done]);
    const { waits } = await turnAgainst(local(server.baseUrl), KEY, { policy: { baseDelayMs: 5 } });
    expect(waits).toEqual([5]);
  });

  it('types a context-length error as context_overflow without retrying', async () => {
    const server = await serve([
      {
        kind: 'error',
        status: 400,
        body: openAiError("This model's maximum context length is 8192 tokens.", 'invalid_request_error', 'context_length_exceeded'),
      },
    ]);
    const { result, waits } = await turnAgainst(local(server.baseUrl), KEY);
    expect(server.calls()).toBe(1);
    expect(waits).toEqual([]);
    expect(result.failure).toMatchObject({ kind: 'context_overflow', status: 400, signature: 'context_overflow:local' });
  });

  it('retries a refused connection and names the address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { result, waits } = await turnAgainst(local(`http://127.0.0.1:${port}/v1`), KEY);
    expect(waits).toEqual([2_000, 4_000, 8_000]);
    expect(result.failure).toMatchObject({ kind: 'provider_error', signature: 'provider_error:local:network' });
    expect(result.failure?.message).toBe(`connection refused at http://127.0.0.1:${port} (after 3 retries)`);
  });

  it('gives up on an attempt that sends no chunk in time, and retries it', async () => {
    const server = await serve([{ kind: 'hang' }, done]);
    const { result, waits, notices } = await turnAgainst(local(server.baseUrl), KEY, { policy: { firstChunkTimeoutMs: 100 } });
    expect(waits).toEqual([2_000]);
    expect(notices[0]).toContain('no answer from local within 100 ms');
    expect(result).toMatchObject({ status: 'ok', summary: 'All done.' });
  });

  it('ends a retry wait as soon as the iteration is aborted', async () => {
    const server = await serve([{ kind: 'error', status: 500, body: openAiError('boom', 'server_error') }]);
    const controller = new AbortController();
    const turn = turnAgainst(local(server.baseUrl), KEY, { sleep: abortableDelay, turn: { signal: controller.signal } });
    while (server.calls() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const startedAt = Date.now();
    controller.abort();
    const { result } = await turn;
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(server.calls()).toBe(1);
    expect(result.failure).toMatchObject({ kind: 'timeout', signature: 'aborted' });
  });

  it('opens the circuit after 5 failures in a minute and then does not call the provider', async () => {
    let now = 1_000_000;
    const breaker = createCircuitBreaker(undefined, () => now);
    const server = await serve([{ kind: 'error', status: 529, body: openAiError('overloaded', 'server_error') }]);
    const first = await turnAgainst(local(server.baseUrl), KEY, { breaker });
    expect(first.result.failure).toMatchObject({ kind: 'provider_error', status: 529 });
    const second = await turnAgainst(local(server.baseUrl), KEY, { breaker });
    expect(server.calls()).toBe(5);
    expect(second.result.failure).toMatchObject({ kind: 'circuit_open', retryAfterMs: 120_000, signature: 'circuit_open:local' });
    now += 60_000;
    const third = await turnAgainst(local(server.baseUrl), KEY, { breaker });
    expect(server.calls()).toBe(5);
    expect(third.result.failure).toMatchObject({ kind: 'circuit_open', retryAfterMs: 60_000 });
    expect(third.notices[0]).toContain('rests it for 60 s');
  });

  it('lets one probe through after the cooldown and closes the circuit when it succeeds', async () => {
    let now = 0;
    const breaker = createCircuitBreaker(undefined, () => now);
    const server = await serve([{ kind: 'error', status: 500, body: openAiError('boom', 'server_error') }]);
    await turnAgainst(local(server.baseUrl), KEY, { breaker, policy: { maxRetries: 4 } });
    expect(breaker.state().kind).toBe('open');
    now += 120_000;
    const healthy = await serve([done]);
    const probe = await turnAgainst(local(healthy.baseUrl), KEY, { breaker });
    expect(probe.result.status).toBe('ok');
    expect(breaker.state()).toEqual({ kind: 'closed', failures: [] });
  });
});

describe('the openai provider type', () => {
  it('uses the Responses API at the base URL and types a refused key', async () => {
    const server = await serve([{ kind: 'error', status: 401, body: openAiError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key') }]);
    const spec: ModelSpec = { provider: 'openai', id: 'gpt-4.1', options: { providerName: 'openai', baseUrl: server.baseUrl } };
    const { result } = await turnAgainst(spec, { openai: 'sk-openai-test' });
    expect(server.requests[0]?.path).toBe('/v1/responses');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-openai-test');
    expect(result.failure).toMatchObject({ kind: 'auth', status: 401, provider: 'openai' });
  });
});
