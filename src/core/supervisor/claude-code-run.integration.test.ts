import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AgentTurnAnswer, startAgentAnthropicServer } from '../../testing/fake-agent-anthropic-server';
import { useAgentHome } from '../../testing/agent-home';
import { agentRuns, checkChosenBinary } from '../testing/agent-runs';
import { findClaudeCodeAgent } from '../agents/find-agents';

// A Claude Code run through the whole engine: the real runner process, the real `claude` binary the Agent SDK package
// carries, a real SQLite file; only the model service is a fake Messages API.

const configDir = useAgentHome('claude-code');
const runs = agentRuns({ agent: 'claude-code', provider: 'anthropic', model: 'claude/claude-sonnet-4-5' });
afterAll(async () => {
  expect(await runs.dispose()).toEqual([]);
});

const report = (summary: string): AgentTurnAnswer => ({ toolCalls: [{ name: 'mcp__autoloop__report', input: { summary } }] });

const engineWithClaude = (answers: (workdir: string) => ReadonlyArray<AgentTurnAnswer>) =>
  runs.engineWith((workdir) => startAgentAnthropicServer(answers(workdir)));

describe('a Claude Code run through the engine', () => {
  it('completes over three iterations; its record, log and cost are what Claude Code did and reported', async () => {
    const setup = await engineWithClaude((folder) => [
      {
        text: 'Writing.',
        toolCalls: [{ name: 'Write', input: { file_path: join(folder, 'notes.txt'), content: 'one\n' } }],
        usage: { input: 300, cacheRead: 50, output: 30 },
      },
      report('Wrote notes.txt.'),
      { text: 'Iteration one is done.' },
      { toolCalls: [{ name: 'Bash', input: { command: 'echo two >> notes.txt' } }] },
      report('Appended two.'),
      { text: 'Iteration two is done.' },
      { toolCalls: [{ name: 'mcp__autoloop__complete', input: { reason: 'notes complete' } }] },
      { text: 'Finished.' },
    ]);
    const run = await runs.completesOverThreeIterations(setup, ['Write', 'report', 'Bash', 'report', 'complete']);
    const { server } = setup;
    const input = server.usages.reduce((sum, usage) => sum + usage.input + usage.cacheRead + usage.cacheWrite, 0);
    const output = server.usages.reduce((sum, usage) => sum + usage.output, 0);
    expect(run).toMatchObject({ inputTokens: input, outputTokens: output, cacheReadTokens: 50 });
    expect(run?.costUsd ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('pauses on its token budget and, resumed with more, goes on in the same Claude Code session', async () => {
    const setup = await engineWithClaude(() => [report('first step'), { text: 'One.' }, report('second step'), { text: 'Two.' }]);
    const { run } = await runs.pausesOnBudgetAndResumes(setup);
    const { server } = setup;
    // The resumed runner's Claude Code was given the first iteration's conversation back.
    expect(JSON.stringify(server.requests[2]?.messages)).toContain('first step');
    const output = server.usages.reduce((sum, usage) => sum + usage.output, 0);
    expect(run?.outputTokens).toBe(output);
  }, 120_000);

  it('starts the claude chosen in settings (a symbolic link to the bundled one), and ends spawn_failed naming it once it is gone', async () => {
    const home = configDir();
    const bundled = (await findClaudeCodeAgent({ env: { PATH: '/usr/bin:/bin', HOME: home, CLAUDE_CONFIG_DIR: home } })).path;
    if (bundled === null) throw new Error('this test needs the claude binary @anthropic-ai/claude-agent-sdk carries');
    const { engine, server, workdir } = await engineWithClaude(() => [{ hang: true }]);
    await checkChosenBinary('claude-code', bundled, { engine, server, params: runs.params(workdir) });
  }, 90_000);

  it('works in its default workspace inside the data folder, which the bubblewrap around Claude Code otherwise hides', async () => {
    const { engine } = await engineWithClaude(() => [
      { toolCalls: [{ name: 'mcp__autoloop__complete', input: { reason: 'nothing to do' } }] },
      { text: 'Finished.' },
    ]);
    const { workdir: _elsewhere, ...params } = runs.params('/unused', { permissions: { profile: 'workspace-write' }, loop: { intervalMs: 0 } });
    const started = await engine.api['runs.start'](params);
    expect(started.workdir.startsWith(engine.dataDir)).toBe(true);
    const run = await engine.supervisor.finished(started.id);
    expect(run?.detail ?? '').not.toContain("Can't chdir");
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
  }, 90_000);

  it('a stop in the middle of a turn ends the run and leaves no Claude Code process behind', async () => {
    await runs.stopsInTheMiddleOfATurn(await engineWithClaude(() => [{ hang: true }]));
  }, 60_000);
});

describe('a Claude Code run that is not signed in', () => {
  it('ends auth_failed saying how to sign in, without asking the model service', async () => {
    const { engine, server, workdir } = await engineWithClaude(() => [{ text: 'never asked' }]);
    // No Anthropic key for the run (its model is a scripted one) and an empty CLAUDE_CONFIG_DIR: Claude Code has no login to use.
    const started = await engine.api['runs.start'](runs.params(workdir, { model: 'scripted/demo-counter' }));
    const run = await engine.supervisor.finished(started.id);
    // Was a crash ("Claude Code stopped in the middle of iteration 1"): the SDK throws when the process exits after its error result.
    expect(run).toMatchObject({ status: 'ended', stopReason: 'auth_failed' });
    expect(run?.detail).toContain('Not logged in');
    expect(run?.detail).toContain('sign in by running `claude` in a terminal');
    expect(run?.detail).toContain('Settings → Providers');
    expect(server.requests).toHaveLength(0);
  }, 60_000);
});
