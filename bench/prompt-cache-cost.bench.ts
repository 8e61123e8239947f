// Issue #19: how much of a run's input an Anthropic prompt cache serves, and what an iteration costs, with the
// real price table. A fake Anthropic Messages API emulates prefix caching (src/core/providers/testing/fake-anthropic-server.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { costOf } from '../src/core/budget/prices';
import type { RunnerHost } from '../src/core/runner-host/runner-host';
import { createNodeRunnerHost } from '../src/core/runner-host/node-runner-host';
import { startCachingAnthropicServer } from '../src/core/providers/testing/fake-anthropic-server';
import { createBenchEngine, isRunEnded } from './lib/engine';
import { BASELINE_RUNNER_ENTRY, BASELINE_V8_FLAGS } from './lib/paths';
import { type Figure, fig, progress, record } from './lib/report';

const ITERATIONS = 30;
const MODEL = 'anthropic/claude-sonnet-4-5';

type Measured = Readonly<{ cachedShare: number; costPerIteration: number; uncachedCostPerIteration: number; inputPerIteration: number }>;

async function measure(host: RunnerHost | undefined): Promise<Measured> {
  const server = await startCachingAnthropicServer([
    { text: 'Counting one more.', toolCalls: [{ name: 'report', input: { summary: 'Counted one more.' } }] },
    { text: 'Done for this iteration.' },
  ]);
  const engine = createBenchEngine(host ? { host } : {});
  try {
    await engine.call('providers.set', { name: 'anthropic', config: { type: 'anthropic', baseUrl: server.baseUrl, apiKey: 'sk-ant-bench' } });
    const started = await engine.call('runs.start', {
      template: 'demo-counter',
      name: 'cache-cost',
      model: MODEL,
      workdir: mkdtempSync(join(tmpdir(), 'autoloop-bench-cache-')),
      limits: { maxIterations: ITERATIONS },
      loop: { intervalMs: 0, stagnationLimit: 0 },
    });
    // 30 fast iterations take seconds; the run is still going when the wait starts.
    await engine.waitFor('the run to end', isRunEnded(started.id), 120_000);
    const run = await engine.call('runs.get', { id: started.id });
    if (run?.stopReason !== 'iteration_limit') throw new Error(`the run ended ${run?.stopReason ?? 'without a record'}: ${run?.detail ?? ''}`);
    // Each iteration is two calls; from iteration 2 on is from the third call on.
    const later = server.usages.slice(2);
    const sum = (pick: (usage: (typeof later)[number]) => number): number => later.reduce((total, usage) => total + pick(usage), 0);
    const input = sum((usage) => usage.input + usage.cacheRead + usage.cacheWrite);
    const tokens = { inputTokens: input, outputTokens: sum((usage) => usage.output), cacheReadTokens: sum((usage) => usage.cacheRead) };
    const iterations = ITERATIONS - 1;
    return {
      cachedShare: (tokens.cacheReadTokens / input) * 100,
      costPerIteration: (costOf(MODEL, { ...tokens, cacheWriteTokens: sum((usage) => usage.cacheWrite) }) ?? 0) / iterations,
      uncachedCostPerIteration: (costOf(MODEL, { ...tokens, cacheReadTokens: 0, cacheWriteTokens: 0 }) ?? 0) / iterations,
      inputPerIteration: input / iterations,
    };
  } finally {
    await engine.dispose();
    await server.close();
  }
}

const figures: Record<string, Figure> = {};
const passes: Array<readonly [string, string, RunnerHost | undefined]> = [['after', 'this build', undefined]];
if (BASELINE_RUNNER_ENTRY) {
  passes.push(['before', 'baseline (AUTOLOOP_BENCH_BASELINE)', createNodeRunnerHost({ runnerEntry: BASELINE_RUNNER_ENTRY, v8Flags: BASELINE_V8_FLAGS })]);
}
for (const [key, name, host] of passes) {
  progress(`${ITERATIONS} iterations with the ${name} runner`);
  const result = await measure(host);
  figures[`cachedShare_${key}`] = fig(`${name}: input tokens read from cache, iterations 2–${ITERATIONS}`, result.cachedShare, '%');
  figures[`costPerIteration_${key}`] = fig(`${name}: cost per iteration (2–${ITERATIONS}), ${MODEL} prices`, result.costPerIteration, 'USD', 4);
  figures[`inputPerIteration_${key}`] = fig(`${name}: input tokens per iteration (2–${ITERATIONS})`, result.inputPerIteration, 'tokens', 0);
  if (key === 'after') figures.uncached = fig(`${name}: the same tokens without any cache`, result.uncachedCostPerIteration, 'USD per iteration', 4);
}
record(
  'prompt-cache-cost',
  `Real engine and runner processes; template demo-counter on ${MODEL} against a local fake Anthropic Messages API that emulates prefix caching as documented (prompt read as blocks: tools, system, message content; a block with cache_control writes the prefix ending there when it is at least 1,024 tokens; a request reads the longest prefix an earlier request of the run wrote, up to its last breakpoint; tokens = JSON length / 4). ${ITERATIONS} iterations, each a \`report\` call and a closing answer (2 calls), interval 0. Share and cost count iterations 2–${ITERATIONS} (the first writes the cache); cost is priceOf(${MODEL}) from src/core/budget/prices.ts: $3 input, $0.30 cache read, $3.75 cache write, $15 output per million tokens. "before" runs the runner of the build in AUTOLOOP_BENCH_BASELINE (main before issue #19) under this engine.`,
  figures,
);
