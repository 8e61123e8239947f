import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { ContextMode } from '../../shared/context-mode';
import { type FakeCompletion, type FakeOpenAiServer, startFakeOpenAiServer } from '../providers/testing/fake-openai-server';
import { type TempEngine } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';

// The three context modes with real runner processes against a local OpenAI-compatible server: what each request holds.

const closers: Array<() => Promise<void>> = [];
const tempEngine = tempEnginesPerFile({}, () => Promise.all(closers.map((close) => close())));

type Message = Readonly<{ role: string; content: unknown }>;
const messagesOf = (body: Record<string, unknown>): Message[] => body.messages as Message[];
const textOf = (message: Message | undefined): string => (typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content ?? ''));
/** The iteration a request belongs to: the number in the last `This is iteration N.` it holds. */
function iterationOf(body: Record<string, unknown>): number {
  const numbers = [...JSON.stringify(body.messages).matchAll(/This is iteration (\d+)\./g)].map((match) => Number(match[1]));
  return numbers.at(-1) ?? 0;
}
const summaryOf = (n: number): string => `Iteration ${n} wrote note-${n}.txt.`;
/** Each iteration: a `report` call naming its iteration (or always the same words), then a closing answer. Fixed usage: 220 tokens an iteration. */
function answer(sameSummary: boolean) {
  return (body: Record<string, unknown>): FakeCompletion =>
    messagesOf(body).at(-1)?.role === 'tool'
      ? { text: 'Done for this iteration.', usage: { input: 100, output: 10 } }
      : {
          text: 'Working.',
          toolCalls: [{ name: 'report', input: { summary: sameSummary ? 'Looked at the plan; nothing changed.' : summaryOf(iterationOf(body)) } }],
          usage: { input: 100, output: 10 },
        };
}

async function startRun(context: ContextMode | undefined, options: Readonly<{ sameSummary?: boolean; maxIterations?: number; maxTokens?: number }> = {}) {
  const server: FakeOpenAiServer = await startFakeOpenAiServer(answer(options.sameSummary ?? false));
  closers.push(() => server.close());
  const engine = tempEngine();
  await engine.api['providers.set']({ name: 'local', config: { type: 'openai-compatible', baseUrl: server.baseUrl, apiKey: 'sk-local' } });
  const started = await engine.api['runs.start'](
    StartRunParams.parse({
      template: 'demo-counter',
      model: 'local/test-model',
      workdir: mkdtempSync(join(tmpdir(), 'autoloop-context-work-')),
      ...(context ? { context } : {}),
      limits: { maxIterations: options.maxIterations ?? 3, ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}) },
      loop: { intervalMs: 0, stagnationLimit: options.sameSummary ? 3 : 0 },
    }),
  );
  return { server, engine, id: started.id };
}

/** The first request of iteration `n` (the one its prompt opens). */
function firstRequestOf(server: FakeOpenAiServer, n: number): Message[] {
  const call = server.calls.find(({ body }) => iterationOf(body) === n);
  if (!call) throw new Error(`no request of iteration ${n}`);
  return messagesOf(call.body);
}
const storedMessages = (engine: TempEngine, id: string): number =>
  engine.db.prepare('SELECT count(*) FROM messages WHERE run_id = ?').pluck().get(id) as number;

describe('context modes through a real runner and a local OpenAI-compatible server', () => {
  it('carry (the default): iteration 3 is sent the conversation of iterations 1 and 2', async () => {
    const { server, engine, id } = await startRun(undefined);
    expect(await engine.supervisor.finished(id)).toMatchObject({ stopReason: 'iteration_limit', iterations: 3, context: 'carry' });
    const third = JSON.stringify(firstRequestOf(server, 3));
    expect(third).toContain('This is iteration 1.');
    expect(third).toContain(summaryOf(2));
    expect(storedMessages(engine, id)).toBeGreaterThan(0);
  });

  it('fresh: every iteration is sent only the system prompt and its own prompt, and no conversation is stored', async () => {
    const { server, engine, id } = await startRun('fresh');
    expect(await engine.supervisor.finished(id)).toMatchObject({ stopReason: 'iteration_limit', iterations: 3, context: 'fresh' });
    const system = firstRequestOf(server, 1)[0];
    for (const n of [1, 2, 3]) {
      const messages = firstRequestOf(server, n);
      expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
      expect(messages[0]).toEqual(system);
      expect(textOf(messages[1])).toMatch(new RegExp(`^This is iteration ${n}\\.`));
    }
    // No request of any iteration holds an earlier iteration's messages.
    for (const { body } of server.calls) {
      const text = JSON.stringify(body.messages);
      for (let earlier = 1; earlier < iterationOf(body); earlier += 1) expect(text).not.toContain(summaryOf(earlier));
    }
    expect(storedMessages(engine, id)).toBe(0);
  });

  it('summaries: each iteration opens with exactly the earlier iterations’ numbered summaries, newest last', async () => {
    const { server, engine, id } = await startRun('summaries');
    expect(await engine.supervisor.finished(id)).toMatchObject({ stopReason: 'iteration_limit', iterations: 3, context: 'summaries' });
    expect(firstRequestOf(server, 1).map((message) => message.role)).toEqual(['system', 'user']);
    const third = firstRequestOf(server, 3);
    expect(third.map((message) => message.role)).toEqual(['system', 'user', 'user']);
    expect(textOf(third[1])).toBe(
      ['What the earlier iterations of this run did (their reports, newest last):', `1. ${summaryOf(1)}`, `2. ${summaryOf(2)}`].join('\n'),
    );
    expect(textOf(third[2])).toMatch(/^This is iteration 3\./);
    expect(JSON.stringify(third)).not.toContain('Done for this iteration.');
    expect(storedMessages(engine, id)).toBe(0);
  });

  for (const context of ['carry', 'summaries', 'fresh'] as const) {
    it(`${context}: a run paused by its token limit resumes at its next iteration with what the mode keeps`, async () => {
      // Two iterations use 440 tokens: the gate of iteration 3 pauses the run.
      const { server, engine, id } = await startRun(context, { maxTokens: 400 });
      expect(await engine.supervisor.finished(id)).toMatchObject({ status: 'paused', pauseReason: 'budget', iterations: 2 });
      await engine.api['runs.resume']({ id, limits: { maxIterations: 3, maxTokens: 0 } });
      expect(await engine.supervisor.finished(id)).toMatchObject({ stopReason: 'iteration_limit', iterations: 3 });
      const third = firstRequestOf(server, 3);
      const text = JSON.stringify(third);
      if (context === 'carry') {
        expect(text).toContain('This is iteration 1.');
        expect(text).toContain(summaryOf(2));
      } else if (context === 'summaries') {
        expect(third.map((message) => message.role)).toEqual(['system', 'user', 'user']);
        expect(textOf(third[1])).toContain(`1. ${summaryOf(1)}\n2. ${summaryOf(2)}`);
      } else {
        expect(third.map((message) => message.role)).toEqual(['system', 'user']);
        expect(text).not.toContain(summaryOf(2));
      }
    });
  }

  it('fresh: the same report three times in a row still ends the run as stagnation', async () => {
    const { engine, id } = await startRun('fresh', { sameSummary: true, maxIterations: 10 });
    expect(await engine.supervisor.finished(id)).toMatchObject({ status: 'ended', stopReason: 'stagnation', iterations: 3 });
  });
});
