import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { ContextMode } from '../../shared/context-mode';
import { type CachingAnthropicServer, startCachingAnthropicServer } from './testing/fake-anthropic-server';
import { type TempEngine } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { costOf } from '../budget/prices';
import { type FakeOpenAiServer, startFakeOpenAiServer } from './testing/fake-openai-server';

const closers: Array<() => Promise<void>> = [];
const tempEngine = tempEnginesPerFile({}, () => Promise.all(closers.map((close) => close())));

const ITERATIONS = 3;

/** A run of demo-counter for three iterations (each: a `report` call, then a closing answer) on `model`, through a real runner. */
async function threeIterations(engine: TempEngine, model: string, context?: ContextMode) {
  const workdir = mkdtempSync(join(tmpdir(), 'autoloop-cache-work-'));
  const started = await engine.api['runs.start'](
    StartRunParams.parse({
      template: 'demo-counter',
      model,
      workdir,
      ...(context ? { context } : {}),
      limits: { maxIterations: ITERATIONS },
      loop: { intervalMs: 0, stagnationLimit: 0 },
    }),
  );
  const run = await engine.supervisor.finished(started.id);
  expect(run).toMatchObject({ status: 'ended', stopReason: 'iteration_limit', iterations: ITERATIONS });
  return started.id;
}

type AnthropicBlock = Readonly<{ type: string; text?: string; cache_control?: unknown }>;
type AnthropicMessage = Readonly<{ role: string; content: ReadonlyArray<AnthropicBlock> }>;

describe('prompt caching through a real runner', () => {
  it('Anthropic: the same system prompt at every call, cache breakpoints set, cache tokens stored per iteration and run and priced', async () => {
    let server: CachingAnthropicServer | null = null;
    server = await startCachingAnthropicServer(
      [{ text: 'Counting.', toolCalls: [{ name: 'report', input: { summary: 'Counted one more.' } }] }, { text: 'Done for this iteration.' }],
      { minCacheTokens: 0 },
    );
    closers.push(() => server.close());
    const engine = tempEngine();
    await engine.api['providers.set']({ name: 'anthropic', config: { type: 'anthropic', baseUrl: server.baseUrl, apiKey: 'sk-ant-test' } });
    const id = await threeIterations(engine, 'anthropic/claude-sonnet-4-5');

    const requests = server.requests;
    expect(requests).toHaveLength(2 * ITERATIONS);
    // Byte-identical system prompt (with its breakpoint) at every call of every iteration.
    expect(new Set(requests.map((body) => JSON.stringify(body.system))).size).toBe(1);
    expect((requests[0]?.system as AnthropicBlock[])[0]?.cache_control).toEqual({ type: 'ephemeral' });
    expect(JSON.stringify(requests[0]?.system)).not.toMatch(/iteration \d/);
    for (const body of requests) {
      const messages = body.messages as AnthropicMessage[];
      // The request's last block carries a breakpoint, so the next call can read all of it.
      expect(messages.at(-1)?.content.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
    }
    // From iteration 2 on, the previous turn's last message carries one too (it is the block before this iteration's prompt).
    const secondIteration = requests[2]?.messages as AnthropicMessage[];
    const prompt = secondIteration.findLastIndex(
      (message) => message.role === 'user' && message.content.some((block) => block.text?.includes('This is iteration 2.')),
    );
    expect(secondIteration[prompt - 1]?.content.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });

    const reported = server.usages;
    const sum = (pick: (usage: (typeof reported)[number]) => number) => reported.reduce((total, usage) => total + pick(usage), 0);
    expect(sum((usage) => usage.cacheRead)).toBeGreaterThan(0);
    const stored = engine.db.prepare('SELECT input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd FROM runs WHERE id = ?').get(id);
    const input = sum((usage) => usage.input + usage.cacheRead + usage.cacheWrite);
    expect(stored).toMatchObject({
      input_tokens: input,
      output_tokens: sum((usage) => usage.output),
      cache_read_tokens: sum((usage) => usage.cacheRead),
      cache_write_tokens: sum((usage) => usage.cacheWrite),
    });
    // Priced at Sonnet 4.5's rates: $3 uncached input, $0.30 cache reads, $3.75 cache writes, $15 output per million tokens.
    const expected =
      (sum((usage) => usage.input) * 3 + sum((usage) => usage.cacheRead) * 0.3 + sum((usage) => usage.cacheWrite) * 3.75 + sum((usage) => usage.output) * 15) /
      1_000_000;
    expect((stored as { cost_usd: number }).cost_usd).toBeCloseTo(expected, 12);
    expect(
      costOf('anthropic/claude-sonnet-4-5', {
        inputTokens: input,
        outputTokens: sum((usage) => usage.output),
        cacheReadTokens: sum((usage) => usage.cacheRead),
        cacheWriteTokens: sum((usage) => usage.cacheWrite),
      }),
    ).toBeCloseTo(expected, 12);
    const iterations = engine.db
      .prepare('SELECT n, cache_read_tokens AS read, cache_write_tokens AS write FROM iterations WHERE run_id = ? ORDER BY n')
      .all(id);
    expect(iterations).toEqual(
      [0, 1, 2].map((index) => ({
        n: index + 1,
        read: (reported[2 * index]?.cacheRead ?? 0) + (reported[2 * index + 1]?.cacheRead ?? 0),
        write: (reported[2 * index]?.cacheWrite ?? 0) + (reported[2 * index + 1]?.cacheWrite ?? 0),
      })),
    );
    const api = await engine.api['runs.get']({ id });
    expect(api).toMatchObject({ cacheReadTokens: sum((usage) => usage.cacheRead), cacheWriteTokens: sum((usage) => usage.cacheWrite) });
  });

  it('OpenAI-compatible: the same system message at every call, no cache options sent, zero cache tokens when none are reported', async () => {
    let server: FakeOpenAiServer | null = null;
    // Each iteration: a `report` call, then (after its result) a closing answer.
    server = await startFakeOpenAiServer((body) =>
      (body.messages as Array<{ role: string }>).at(-1)?.role === 'tool'
        ? { text: 'Done for this iteration.', usage: { input: 950, output: 5 } }
        : { text: 'Counting.', toolCalls: [{ name: 'report', input: { summary: 'Counted one more.' } }], usage: { input: 900, output: 10 } },
    );
    closers.push(() => server.close());
    const engine = tempEngine();
    await engine.api['providers.set']({ name: 'local', config: { type: 'openai-compatible', baseUrl: server.baseUrl, apiKey: 'sk-local' } });
    const id = await threeIterations(engine, 'local/test-model');

    const systems = server.calls.map(({ body }) => JSON.stringify((body.messages as Array<{ role: string }>).filter((message) => message.role === 'system')));
    expect(systems).toHaveLength(2 * ITERATIONS);
    expect(new Set(systems).size).toBe(1);
    expect(JSON.stringify(server.calls[0]?.body)).not.toMatch(/cache_control|prompt_cache_key/);
    expect(engine.db.prepare('SELECT cache_read_tokens AS read, cache_write_tokens AS write FROM runs WHERE id = ?').get(id)).toEqual({ read: 0, write: 0 });
  });

  for (const context of ['summaries', 'fresh'] as const) {
    it(`Anthropic, ${context}: every new conversation keeps the system prompt's breakpoint, and iterations 2 and 3 read it from the cache`, async () => {
      let server: CachingAnthropicServer | null = null;
      server = await startCachingAnthropicServer(
        [{ text: 'Counting.', toolCalls: [{ name: 'report', input: { summary: 'Counted one more.' } }] }, { text: 'Done for this iteration.' }],
        { minCacheTokens: 0 },
      );
      closers.push(() => server.close());
      const engine = tempEngine();
      await engine.api['providers.set']({ name: 'anthropic', config: { type: 'anthropic', baseUrl: server.baseUrl, apiKey: 'sk-ant-test' } });
      await threeIterations(engine, 'anthropic/claude-sonnet-4-5', context);

      const requests = server.requests;
      expect(requests).toHaveLength(2 * ITERATIONS);
      expect(new Set(requests.map((body) => JSON.stringify(body.system))).size).toBe(1);
      expect((requests[0]?.system as AnthropicBlock[])[0]?.cache_control).toEqual({ type: 'ephemeral' });
      for (const body of requests) expect((body.messages as AnthropicMessage[]).at(-1)?.content.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
      // The first call of iterations 2 and 3 starts a new conversation, yet reads the tools and system prompt from the cache.
      expect(server.usages[2]?.cacheRead).toBeGreaterThan(0);
      expect(server.usages[4]?.cacheRead).toBeGreaterThan(0);
    });
  }
});
