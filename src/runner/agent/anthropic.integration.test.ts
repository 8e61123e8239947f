import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../shared/protocol';
import { type FakeReply, useFakeLlmServers } from './testing/fake-llm-server';
import { turnAgainst } from './testing/turn-harness';

const serve = useFakeLlmServers();

const claude = (baseUrl: string): ModelSpec => ({ provider: 'anthropic', id: 'claude-sonnet-4-5', options: { providerName: 'anthropic', baseUrl } });
const KEY = { anthropic: 'sk-ant-test-key' };
const overloaded: FakeReply = { kind: 'error', status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } };

describe('the anthropic provider, streamed over real HTTP', () => {
  it('streams text, runs tool_use blocks through the tools, and reports usage with cache tokens', async () => {
    const server = await serve([
      {
        kind: 'answer',
        text: 'Let me report.',
        toolCalls: [{ name: 'report', input: { summary: 'Reported from Claude.' } }],
        usage: { input: 1_000, output: 30, cacheRead: 400, cacheWrite: 100 },
      },
      { kind: 'answer', text: 'Done.', usage: { input: 1_100, output: 3 } },
    ]);
    const { result, texts, events, usages } = await turnAgainst(claude(server.baseUrl), KEY);
    expect(result).toMatchObject({ status: 'ok', summary: 'Reported from Claude.' });
    expect(texts.join('')).toBe('Let me report.Done.');
    expect(events.find((event) => event.kind === 'tool_call')?.data).toMatchObject({ tool: 'report', input: { summary: 'Reported from Claude.' } });
    expect(events.find((event) => event.kind === 'tool_result')?.data).toMatchObject({ tool: 'report', output: 'Reported.', isError: false });
    // Anthropic counts cached tokens apart from input_tokens; the usage message carries the total.
    expect(usages[0]).toEqual({
      type: 'usage',
      iteration: 1,
      inputTokens: 1_500,
      outputTokens: 30,
      cacheReadTokens: 400,
      cacheWriteTokens: 100,
      costUsd: null,
      model: 'anthropic/claude-sonnet-4-5',
    });
    expect(server.requests[0]?.path).toBe('/v1/messages');
    expect(server.requests[0]?.headers['x-api-key']).toBe('sk-ant-test-key');
    expect(server.requests[0]?.body).toMatchObject({ model: 'claude-sonnet-4-5', stream: true });
  });

  it('retries an overloaded_error (529) and answers once it passes', async () => {
    const server = await serve([overloaded, overloaded, { kind: 'answer', text: 'Back again.' }]);
    const { result, waits, texts } = await turnAgainst(claude(server.baseUrl), KEY);
    expect(server.calls()).toBe(3);
    expect(waits).toEqual([2_000, 4_000]);
    expect(result).toMatchObject({ status: 'ok', summary: 'Back again.' });
    expect(texts.join('')).toBe('Back again.');
  });

  it('retries an error event that arrives in the stream before any content', async () => {
    const server = await serve([
      { kind: 'stream-error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      { kind: 'answer', text: 'Streamed.' },
    ]);
    const { result, waits, texts } = await turnAgainst(claude(server.baseUrl), KEY);
    expect(server.calls()).toBe(2);
    expect(waits).toEqual([2_000]);
    expect(texts.join('')).toBe('Streamed.');
    expect(result.status).toBe('ok');
  });

  it('fails with a typed 529 after three retries', async () => {
    const server = await serve([overloaded]);
    const { result, waits } = await turnAgainst(claude(server.baseUrl), KEY);
    expect(server.calls()).toBe(4);
    expect(waits).toEqual([2_000, 4_000, 8_000]);
    expect(result.failure).toMatchObject({ kind: 'provider_error', status: 529, provider: 'anthropic', signature: 'provider_error:anthropic:529' });
    expect(result.failure?.message).toContain('is overloaded: Overloaded (after 3 retries)');
  });

  it('types a prompt that is too long as context_overflow', async () => {
    const server = await serve([
      {
        kind: 'error',
        status: 400,
        body: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } },
      },
    ]);
    const { result } = await turnAgainst(claude(server.baseUrl), KEY);
    expect(server.calls()).toBe(1);
    expect(result.failure).toMatchObject({ kind: 'context_overflow', status: 400 });
  });

  it('says so when the key is refused', async () => {
    const server = await serve([
      { kind: 'error', status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } },
    ]);
    const { result, waits } = await turnAgainst(claude(server.baseUrl), KEY);
    expect(waits).toEqual([]);
    expect(result.failure?.message).toMatch(/^401: the key was refused by 127\.0\.0\.1:\d+; check the key in Settings → Providers$/);
  });
});
