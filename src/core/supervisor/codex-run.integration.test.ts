import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { costOf } from '../budget/prices';
import { type ResponsesAnswer, startFakeResponsesServer } from '../../testing/fake-responses-server';
import { useAgentHome } from '../../testing/agent-home';
import { waitUntil } from '../testing/wait-until';
import { agentRuns, checkChosenBinary } from '../testing/agent-runs';
import { findCodexAgent } from '../agents/find-agents';
import { processesIn } from '../../testing/processes';

// A Codex run through the whole engine: the real runner process, the real `codex` binary the @openai/codex package
// carries, Autoloop's report/complete over MCP, a real SQLite file; only the model service is a fake Responses API.

const codexHome = useAgentHome('codex');
const runs = agentRuns({ agent: 'codex', provider: 'openai', model: 'oai/gpt-5' });
afterAll(async () => {
  expect(await runs.dispose()).toEqual([]);
});

const report = (summary: string): ResponsesAnswer => ({ calls: [{ name: 'mcp__autoloop__report', arguments: { summary } }] });
const shell = (cmd: string): ResponsesAnswer => ({ calls: [{ name: 'exec_command', arguments: { cmd } }] });
/** The private Codex home the engine gives a run (and removes when the run ends). */
const runHome = (runId: string): string => `/var/tmp/autoloop-codex-home-${runId}`;

const engineWithCodex = (answers: ReadonlyArray<ResponsesAnswer>) => runs.engineWith(() => startFakeResponsesServer(answers));

describe('a Codex run through the engine', () => {
  it('completes over three iterations; its record, log and cost are what Codex did and the price table says', async () => {
    const setup = await engineWithCodex([
      { text: 'Writing.', ...shell('echo one > notes.txt'), usage: { input: 300, cached: 50, output: 30 } },
      report('Wrote notes.txt.'),
      { text: 'Iteration one is done.' },
      shell('echo two >> notes.txt'),
      report('Appended two.'),
      { text: 'Iteration two is done.' },
      { calls: [{ name: 'mcp__autoloop__complete', arguments: { reason: 'notes complete' } }] },
      { text: 'Finished.' },
    ]);
    const run = await runs.completesOverThreeIterations(setup, ['bash', 'report', 'bash', 'report', 'complete']);
    const { server } = setup;
    const input = server.usages.reduce((sum, usage) => sum + usage.input, 0);
    const output = server.usages.reduce((sum, usage) => sum + usage.output, 0);
    expect(run).toMatchObject({ inputTokens: input, outputTokens: output, cacheReadTokens: 50 });
    // Priced with the price table as gpt-5 (one turn per iteration, each priced on its own).
    const expected = costOf('openai/gpt-5', { inputTokens: input, outputTokens: output, cacheReadTokens: 50, cacheWriteTokens: 0 });
    expect(run?.costUsd).toBeCloseTo(expected ?? -1, 10);
  }, 120_000);

  it('pauses on its token budget and, resumed with more, goes on in the same Codex thread; its private home goes at the end', async () => {
    const setup = await engineWithCodex([report('first step'), { text: 'One.' }, report('second step'), { text: 'Two.' }]);
    // Paused, not ended: the thread stays in the run's Codex home.
    const { id, run } = await runs.pausesOnBudgetAndResumes(setup, (runId) => expect(existsSync(runHome(runId))).toBe(true));
    const { server } = setup;
    // The resumed runner's Codex went on in the first iteration's thread.
    expect(JSON.stringify(server.requests[2]?.input)).toContain('first step');
    const input = server.usages.reduce((sum, usage) => sum + usage.input, 0);
    expect(run).toMatchObject({ inputTokens: input, outputTokens: server.usages.reduce((sum, usage) => sum + usage.output, 0) });
    expect(existsSync(runHome(id))).toBe(false);
  }, 120_000);

  it('a paused Codex run that is stopped (no runner left) loses its private home', async () => {
    const { engine, workdir } = await engineWithCodex([report('first step'), { text: 'One.' }]);
    const started = await engine.api['runs.start'](runs.params(workdir, { loop: { intervalMs: 0 }, limits: { maxTokens: 100 } }));
    await waitUntil(async () => (await engine.api['runs.get']({ id: started.id })).status === 'paused');
    expect(existsSync(runHome(started.id))).toBe(true);
    await engine.api['runs.stop']({ id: started.id });
    expect(await engine.api['runs.get']({ id: started.id })).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
    expect(existsSync(runHome(started.id))).toBe(false);
  }, 120_000);

  it('a stop in the middle of a turn ends the run and leaves no Codex process behind', async () => {
    const id = await runs.stopsInTheMiddleOfATurn(await engineWithCodex([{ hang: true }]));
    expect(existsSync(runHome(id))).toBe(false);
  }, 60_000);

  it('starts the codex chosen in settings (a symbolic link to the bundled one), and ends spawn_failed naming it once it is gone', async () => {
    const home = codexHome();
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
