// Issue: fresh-context loops. What each context mode costs in input tokens per iteration over a long run: 50 iterations of
// plan-runner in each mode against a local OpenAI-compatible server that reports the prompt's size as its input tokens.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContextMode } from '../src/shared/context-mode';
import { type FakeCompletion, startFakeOpenAiServer } from '../src/core/providers/testing/fake-openai-server';
import { createBenchEngine, isRunEnded } from './lib/engine';
import { LOCAL_MODEL, LOCAL_PROVIDER } from './lib/openai-compatible';
import { type Figure, fig, progress, record } from './lib/report';

const ITERATIONS = 50;
const MODES: ReadonlyArray<ContextMode> = ['carry', 'summaries', 'fresh'];
/** A plan of about 1.2 kB: what the agent reads at every iteration. */
const PLAN = `# Plan\n\n${Array.from({ length: 20 }, (_, index) => `- [ ] Item ${index + 1}: implement part ${index + 1} of the parser, see specs/parser.md`).join('\n')}\n`;

type Message = Readonly<{ role?: unknown; content?: unknown }>;

/** Tokens as the fake provider counts them: the request's messages and tools, four characters a token. */
const tokensOf = (body: Record<string, unknown>): number => Math.ceil(JSON.stringify({ messages: body.messages, tools: body.tools }).length / 4);

/** Each iteration: read the plan, `report`, a closing answer (three calls), the step told by how many tool results follow the last user message. */
function answer(body: Record<string, unknown>): FakeCompletion {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  const text = JSON.stringify(messages);
  const iteration = Number([...text.matchAll(/This is iteration (\d+)\./g)].at(-1)?.[1] ?? 0);
  const lastUser = messages.findLastIndex((message) => message.role === 'user');
  const step = messages.slice(lastUser + 1).filter((message) => message.role === 'tool').length;
  const usage = { input: tokensOf(body), output: 40 };
  if (step === 0) return { text: 'Reading the plan.', toolCalls: [{ name: 'read_file', input: { path: 'PLAN.md' } }], usage };
  if (step === 1) {
    const summary = `Iteration ${iteration}: implemented part ${iteration} of the parser and ticked its item in the plan.`;
    return { text: 'Reporting.', toolCalls: [{ name: 'report', input: { summary } }], usage };
  }
  return { text: 'Done for this iteration.', usage };
}

type Measured = Readonly<{ perIteration: number[]; total: number }>;

async function measure(context: ContextMode): Promise<Measured> {
  const server = await startFakeOpenAiServer(answer);
  const engine = createBenchEngine();
  try {
    await engine.call('providers.set', { name: LOCAL_PROVIDER, config: { type: 'openai-compatible', baseUrl: server.baseUrl, apiKey: 'sk-bench' } });
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-bench-context-'));
    writeFileSync(join(workdir, 'PLAN.md'), PLAN);
    const started = await engine.call('runs.start', {
      template: 'plan-runner',
      name: `context-${context}`,
      model: LOCAL_MODEL,
      workdir,
      context,
      limits: { maxIterations: ITERATIONS, maxCostUsd: 0 },
      loop: { intervalMs: 0, stagnationLimit: 0 },
    });
    await engine.waitFor('the run to end', isRunEnded(started.id), 240_000);
    const run = await engine.call('runs.get', { id: started.id });
    if (run?.stopReason !== 'iteration_limit') throw new Error(`the ${context} run ended ${run?.stopReason ?? 'without a record'}: ${run?.detail ?? ''}`);
    const iterations = await engine.call('runs.iterations', { id: started.id });
    const perIteration = iterations.map((iteration) => iteration.inputTokens);
    return { perIteration, total: perIteration.reduce((sum, tokens) => sum + tokens, 0) };
  } finally {
    await engine.dispose();
    await server.close();
  }
}

function median(values: ReadonlyArray<number>): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const figures: Record<string, Figure> = {};
for (const context of MODES) {
  progress(`${ITERATIONS} iterations of plan-runner, context ${context}`);
  const { perIteration, total } = await measure(context);
  const first = perIteration[0] ?? 0;
  const last = perIteration.at(-1) ?? 0;
  figures[`${context}_first`] = fig(`${context}: input tokens, iteration 1`, first, 'tokens', 0);
  figures[`${context}_median`] = fig(`${context}: input tokens per iteration, median`, median(perIteration), 'tokens', 0);
  figures[`${context}_last`] = fig(`${context}: input tokens, iteration ${ITERATIONS}`, last, 'tokens', 0);
  figures[`${context}_lastToFirst`] = fig(`${context}: last ÷ first`, last / first, '×', 2);
  figures[`${context}_total`] = fig(`${context}: input tokens, all ${ITERATIONS} iterations`, total, 'tokens', 0);
}
record(
  'context-modes',
  `Real engine and runner processes; built-in template plan-runner on ${LOCAL_MODEL} against a local OpenAI-compatible server (src/core/providers/testing/fake-openai-server.ts) that reports each request's input tokens as the JSON length of its messages and tools ÷ 4. ${ITERATIONS} iterations per mode, each three calls (read_file of a 1.2 kB PLAN.md, report with a distinct one-line summary, a closing answer), interval 0, stagnation off; no compaction is reached (the carried conversation stays under 70 % of the 128k window). Input tokens per iteration are the iteration's stored inputTokens (the sum over its calls).`,
  figures,
);
