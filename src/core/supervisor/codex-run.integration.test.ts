import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costOf } from '../budget/prices';
import { type ResponsesAnswer, startFakeResponsesServer } from '../../testing/fake-responses-server';
import { waitUntil } from '../testing/wait-until';
import { agentRuns, checkChosenBinary } from '../testing/agent-runs';
import { findCodexAgent } from '../agents/find-agents';
import { processesIn } from '../../testing/processes';

// A Codex run through the whole engine: the real runner process, the real `codex` binary the @openai/codex package
// carries, Autoloop's report/complete over MCP, a real SQLite file; only the model service is a fake Responses API.

const runs = agentRuns({ agent: 'codex', provider: 'openai', model: 'oai/gpt-5' });
beforeAll(() => {
  // Codex keeps its threads under its home: one for these tests, never the person's.
  // Not under /tmp: Codex refuses to set up its sandbox helper (codex-linux-sandbox) in a temporary folder.
  process.env.CODEX_HOME = mkdtempSync('/var/tmp/autoloop-codex-home-');
});
afterAll(async () => {
  expect(await runs.dispose()).toEqual([]);
  if (process.env.CODEX_HOME) rmSync(process.env.CODEX_HOME, { recursive: true, force: true });
  delete process.env.CODEX_HOME;
});

const report = (summary: string): ResponsesAnswer => ({ calls: [{ name: 'mcp__autoloop__report', arguments: { summary } }] });
const shell = (cmd: string): ResponsesAnswer => ({ calls: [{ name: 'exec_command', arguments: { cmd } }] });

const engineWithCodex = (answers: ReadonlyArray<ResponsesAnswer>) => runs.engineWith(() => startFakeResponsesServer(answers));

describe('a Codex run through the engine', () => {
  it('completes over three iterations; its record, log and cost are what Codex did and the price table says', async () => {
    const { engine, server, workdir } = await engineWithCodex([
      { text: 'Writing.', ...shell('echo one > notes.txt'), usage: { input: 300, cached: 50, output: 30 } },
      report('Wrote notes.txt.'),
      { text: 'Iteration one is done.' },
      shell('echo two >> notes.txt'),
      report('Appended two.'),
      { text: 'Iteration two is done.' },
      { calls: [{ name: 'mcp__autoloop__complete', arguments: { reason: 'notes complete' } }] },
      { text: 'Finished.' },
    ]);
    const started = await engine.api['runs.start'](runs.params(workdir, { loop: { intervalMs: 0 } }));
    expect(started.agent).toBe('codex');
    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 3, agent: 'codex' });
    expect(readFileSync(join(workdir, 'notes.txt'), 'utf8')).toBe('one\ntwo\n');
    const iterations = await engine.api['runs.iterations']({ id: started.id });
    expect(iterations.map((iteration) => iteration.summary)).toEqual(['Wrote notes.txt.', 'Appended two.', 'Finished.']);

    const input = server.usages.reduce((sum, usage) => sum + usage.input, 0);
    const output = server.usages.reduce((sum, usage) => sum + usage.output, 0);
    expect(run).toMatchObject({ inputTokens: input, outputTokens: output, cacheReadTokens: 50 });
    // Priced with the price table as gpt-5 (one turn per iteration, each priced on its own).
    const expected = costOf('openai/gpt-5', { inputTokens: input, outputTokens: output, cacheReadTokens: 50, cacheWriteTokens: 0 });
    expect(run?.costUsd).toBeCloseTo(expected ?? -1, 10);

    const { events } = await engine.api['runs.events']({ id: started.id, afterSeq: 0, limit: 1_000 });
    const calls = events.filter((event) => event.kind === 'tool_call').map((event) => (event.data as { tool: string }).tool);
    expect(calls).toEqual(['bash', 'report', 'bash', 'report', 'complete']);
    expect(events.filter((event) => event.kind === 'tool_result')).toHaveLength(5);
    expect(server.sideRequests()).toEqual([]);
  }, 120_000);

  it('pauses on its token budget and, resumed with more, goes on in the same Codex thread; its private home goes at the end', async () => {
    const { engine, server, workdir } = await engineWithCodex([report('first step'), { text: 'One.' }, report('second step'), { text: 'Two.' }]);
    const started = await engine.api['runs.start'](runs.params(workdir, { loop: { intervalMs: 0 }, limits: { maxTokens: 200, maxIterations: 2 } }));
    const home = `/var/tmp/autoloop-codex-home-${started.id}`;
    await waitUntil(async () => (await engine.api['runs.get']({ id: started.id })).status === 'paused');
    expect(await engine.api['runs.get']({ id: started.id })).toMatchObject({ pauseReason: 'budget', iterations: 1 });
    // Paused, not ended: the thread stays in the run's Codex home.
    expect(existsSync(home)).toBe(true);
    await engine.api['runs.resume']({ id: started.id, limits: { maxTokens: 10_000, maxIterations: 2 } });
    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ stopReason: 'iteration_limit', iterations: 2 });
    // The resumed runner's Codex went on in the first iteration's thread.
    expect(JSON.stringify(server.requests[2]?.input)).toContain('first step');
    const input = server.usages.reduce((sum, usage) => sum + usage.input, 0);
    expect(run).toMatchObject({ inputTokens: input, outputTokens: server.usages.reduce((sum, usage) => sum + usage.output, 0) });
    expect(existsSync(home)).toBe(false);
  }, 120_000);

  it('a paused Codex run that is stopped (no runner left) loses its private home', async () => {
    const { engine, workdir } = await engineWithCodex([report('first step'), { text: 'One.' }]);
    const started = await engine.api['runs.start'](runs.params(workdir, { loop: { intervalMs: 0 }, limits: { maxTokens: 100 } }));
    const home = `/var/tmp/autoloop-codex-home-${started.id}`;
    await waitUntil(async () => (await engine.api['runs.get']({ id: started.id })).status === 'paused');
    expect(existsSync(home)).toBe(true);
    await engine.api['runs.stop']({ id: started.id });
    expect(await engine.api['runs.get']({ id: started.id })).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
    expect(existsSync(home)).toBe(false);
  }, 120_000);

  it('a stop in the middle of a turn ends the run and leaves no Codex process behind', async () => {
    const { engine, server, workdir } = await engineWithCodex([{ hang: true }]);
    const started = await engine.api['runs.start'](runs.params(workdir));
    await waitUntil(() => server.requests.length === 1);
    expect(processesIn(workdir).length).toBeGreaterThan(0);
    await engine.api['runs.stop']({ id: started.id });
    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
    await waitUntil(() => processesIn(workdir).length === 0);
    expect(existsSync(`/var/tmp/autoloop-codex-home-${started.id}`)).toBe(false);
  }, 60_000);

  it('starts the codex chosen in settings (a symbolic link to the bundled one), and ends spawn_failed naming it once it is gone', async () => {
    const home = process.env.CODEX_HOME;
    const bundled = (await findCodexAgent({ env: { PATH: '/usr/bin:/bin', HOME: home, CODEX_HOME: home } })).path;
    if (bundled === null) throw new Error('this test needs the codex binary @openai/codex carries');
    const { engine, server, workdir } = await engineWithCodex([{ hang: true }]);
    await checkChosenBinary('codex', bundled, { engine, server, params: runs.params(workdir) });
  }, 90_000);
});

describe('a Codex run that is not signed in', () => {
  it('ends auth_failed at once saying how to sign in (Codex itself would retry its service for minutes)', async () => {
    const { engine, server, workdir } = await engineWithCodex([{ text: 'never asked' }]);
    // No OpenAI key for the run (its model is a scripted one) and a CODEX_HOME without a login: Codex cannot reach its model.
    const started = await engine.api['runs.start'](runs.params(workdir, { model: 'scripted/demo-counter' }));
    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'auth_failed' });
    expect(run?.detail).toContain(`Codex is not signed in (no login in ${process.env.CODEX_HOME})`);
    expect(run?.detail).toContain('sign in with `codex login` in a terminal');
    expect(run?.detail).toContain('Settings → Providers');
    expect(server.requests).toHaveLength(0);
    await waitUntil(() => processesIn(workdir).length === 0);
  }, 45_000);
});
