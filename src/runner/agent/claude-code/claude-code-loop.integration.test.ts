import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AgentAnthropicServer, type AgentTurnAnswer, startAgentAnthropicServer } from '../../../testing/fake-agent-anthropic-server';
import type { InitMessage } from '../../../shared/protocol';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS } from '../../../shared/records';
import { useAgentHome } from '../../../testing/agent-home';
import { builtinTools } from '../../tools/builtin-tools';
import * as agentLoop from '../testing/agent-loop';
import { findClaudeCode } from './find-claude-code';
import { createClaudeCodeSession } from './claude-code-session';
import { createPermissionGate } from '../../permissions/permission-gate';
import { mcpToolName } from './claude-code-terms';

// The real Claude Code binary (the one @anthropic-ai/claude-agent-sdk carries), driven through the real Agent SDK and
// Autoloop's MCP tools, against a fake Messages API: only the model service is replaced.

const servers = agentLoop.serversClosedAfterEach<AgentAnthropicServer>();

useAgentHome('claude-code');
beforeAll(async () => {
  const found = await findClaudeCode(process.env);
  if (!found.ok) throw new Error(`these tests drive the real Claude Code: ${found.message}`);
});

const groups = agentLoop.recordProcessGroups();
const events = agentLoop.loopEvents;

/** Claude Code in `workdir`, its model service the fake server at `baseUrl`. */
const claudeInit = (workdir: string, baseUrl: string, overrides: Partial<InitMessage> = {}): InitMessage =>
  agentLoop.agentInit({
    agent: 'claude-code',
    workdir,
    model: { provider: 'anthropic', id: 'claude-sonnet-4-5', options: { providerName: 'anthropic', baseUrl } },
    secrets: { anthropic: 'sk-ant-test-key' },
    ...overrides,
  });

type Script = ReadonlyArray<AgentTurnAnswer> | ((workdir: string) => ReadonlyArray<AgentTurnAnswer>);

async function start(script: Script, overrides: Partial<InitMessage> = {}, resume?: InitMessage['resume'], claudeExecutable?: string) {
  const workdir = overrides.workdir ?? mkdtempSync(join(tmpdir(), 'autoloop-claude-work-'));
  const server = await startAgentAnthropicServer(typeof script === 'function' ? script(workdir) : script);
  servers.push(server);
  const init = claudeInit(workdir, server.baseUrl, { ...(resume ? { resume } : {}), ...overrides });
  const { supervisor, outcome } = await agentLoop.startAgentLoop(init, claudeExecutable ? { claudeExecutable } : {});
  return { server, supervisor, workdir, outcome };
}

const call = (name: string, input: unknown): AgentTurnAnswer => ({ toolCalls: [{ name, input }] });

describe('Claude Code as the loop agent', () => {
  it('runs three iterations on one session: a file edit, a shell command, report and complete over MCP; the log and usage match the server', async () => {
    const answers = (workdir: string): AgentTurnAnswer[] => [
      // iteration 1
      {
        text: 'Writing the notes.',
        ...call('Write', { file_path: join(workdir, 'notes.txt'), content: 'step one\n' }),
        usage: { input: 120, cacheRead: 30, cacheWrite: 10, output: 15 },
      },
      call(mcpToolName('report'), { summary: 'Wrote the notes file.' }),
      { text: 'Iteration one done.' },
      // iteration 2
      call('Bash', { command: 'echo step two >> notes.txt', description: 'append' }),
      call(mcpToolName('report'), { summary: 'Appended step two.' }),
      { text: 'Iteration two done.' },
      // iteration 3
      call(mcpToolName('complete'), { reason: 'Both steps are written.' }),
      { text: 'All done.' },
    ];
    const { server, supervisor, workdir, outcome } = await start(answers);

    await expect(outcome).resolves.toMatchObject({ reason: 'completed', iterations: 3, detail: 'Both steps are written.' });
    expect(readFileSync(join(workdir, 'notes.txt'), 'utf8')).toBe('step one\nstep two\n');
    const done = supervisor.ofType('iteration_done');
    expect(done.map((message) => message.summary)).toEqual(['Wrote the notes file.', 'Appended step two.', 'All done.']);

    // The conversation carried over: each iteration's first request holds the earlier iterations' messages.
    const firstOf = (n: number) => server.requests[n]?.messages as unknown[];
    expect(firstOf(3).length).toBeGreaterThan(firstOf(0).length);
    expect(firstOf(6).length).toBeGreaterThan(firstOf(3).length);

    const calls = events(supervisor.received, 'tool_call').map((event) => event.data.tool);
    expect(calls).toEqual(['Write', 'report', 'Bash', 'report', 'complete']);
    const results = events(supervisor.received, 'tool_result');
    expect(results).toHaveLength(5);
    expect(results.every((event) => event.data.isError === false)).toBe(true);
    expect(events(supervisor.received, 'text').map((event) => event.data.text)).toContain('Iteration two done.');

    // Accounting: every token the server reported, once, under the model Claude Code used.
    const usage = supervisor.ofType('usage');
    const sum = (pick: (message: (typeof usage)[number]) => number) => usage.reduce((total, message) => total + pick(message), 0);
    const sent = { input: 0, output: 0, read: 0, write: 0 };
    for (const one of server.usages) {
      sent.input += one.input + (one.cacheRead ?? 0) + (one.cacheWrite ?? 0);
      sent.output += one.output;
      sent.read += one.cacheRead ?? 0;
      sent.write += one.cacheWrite ?? 0;
    }
    expect(sum((message) => message.inputTokens)).toBe(sent.input);
    expect(sum((message) => message.outputTokens)).toBe(sent.output);
    expect(sum((message) => message.cacheReadTokens)).toBe(sent.read);
    expect(sum((message) => message.cacheWriteTokens)).toBe(sent.write);
    expect(new Set(usage.map((message) => message.iteration))).toEqual(new Set([1, 2, 3]));
    expect(usage.every((message) => message.model === 'claude-code/claude-sonnet-4-5' && (message.costUsd ?? 0) > 0)).toBe(true);
    // Nothing but the turn: every request was one of the script's.
    expect(server.requests.length).toBe(8);
    expect(server.sideRequests()).toEqual([]);
  }, 120_000);

  it('asks the person through the run’s approvals: an allowed edit runs, a denied command does not', async () => {
    const answers = (workdir: string): AgentTurnAnswer[] => [
      call('Write', { file_path: join(workdir, 'allowed.txt'), content: 'allowed\n' }),
      call('Bash', { command: 'touch denied.txt' }),
      call(mcpToolName('complete'), { reason: 'tried both' }),
      { text: 'Finished.' },
    ];
    const { supervisor, workdir, outcome } = await start(answers, { permissions: { ...DEFAULT_PERMISSIONS, profile: 'ask' } });
    // The edit first (allowed), then the command (denied): the requests are checked below to be those two.
    await agentLoop.answerApprovals(supervisor, [true, 'not that']);
    await expect(outcome).resolves.toMatchObject({ reason: 'completed' });
    const requests = supervisor.ofType('approval_request');
    expect(requests.map((request) => [request.tool, request.summary])).toEqual([
      ['write_file', `write_file: ${join(workdir, 'allowed.txt')}`],
      ['bash', 'bash: touch denied.txt'],
    ]);
    expect(readFileSync(join(workdir, 'allowed.txt'), 'utf8')).toBe('allowed\n');
    expect(() => readFileSync(join(workdir, 'denied.txt'))).toThrow();
    const denial = events(supervisor.received, 'tool_result').find((event) => event.data.tool === 'Bash');
    expect(denial?.data).toMatchObject({ isError: true });
    expect(String(denial?.data.output)).toContain('denied by the user: not that');
    expect(supervisor.ofType('iteration_done')[0]?.status).toBe('denied');
  }, 120_000);

  it('a stop in the middle of a turn ends it at once and leaves no Claude Code process behind', async () => {
    await agentLoop.checkStopInTheMiddleOfATurn(await start([{ hang: true }]), groups);
  }, 60_000);

  it('a resumed run (after a budget pause) goes on in the same Claude Code session', async () => {
    const first = await start([call(mcpToolName('report'), { summary: 'first' }), { text: 'one' }], { limits: { maxIterations: 1 } });
    await expect(first.outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    const checkpoint = first.supervisor.ofType('checkpoint')[0];
    expect(checkpoint).toBeDefined();
    const second = await start(
      [{ text: 'two' }],
      { workdir: first.workdir, limits: { maxIterations: 2 } },
      { iteration: 1, messages: checkpoint?.messages ?? [] },
    );
    await expect(second.outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 2 });
    // The resumed session sent iteration 1's conversation back to the model.
    const resent = JSON.stringify(second.server.requests[0]?.messages);
    expect(resent).toContain('first');
    // Its usage is this iteration's alone, not the session's running total.
    const usage = second.supervisor.ofType('usage');
    expect(usage.reduce((total, message) => total + message.outputTokens, 0)).toBe(second.server.usages.reduce((total, one) => total + one.output, 0));
  }, 120_000);

  it('ends the run as stagnation when Claude Code reports the same summary again and again', async () => {
    const same = [call(mcpToolName('report'), { summary: 'Looked at the code again.' }), { text: 'Nothing changed.' }];
    const { supervisor, outcome } = await start([...same, ...same, ...same], { loop: { ...DEFAULT_LOOP_OPTIONS, stagnationLimit: 3 } });
    await expect(outcome).resolves.toMatchObject({ reason: 'stagnation', iterations: 3 });
    expect(supervisor.ofType('iteration_done').map((message) => message.summary)).toEqual(Array(3).fill('Looked at the code again.'));
  }, 120_000);

  it.each([
    ['carry', true, false],
    ['summaries', false, true],
    ['fresh', false, false],
  ] as const)(
    'follows the run’s context mode %s: the second iteration resumes the session or starts a new one',
    async (context, resumes, opensWithSummaries) => {
      const first = [call(mcpToolName('report'), { summary: 'Wrote the parser.' }), { text: 'Done with the parser for now.' }];
      const { server, outcome } = await start([...first, { text: 'Second iteration answer.' }], { context, limits: { maxIterations: 2 } });
      await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 2 });
      // The requests of iteration 2 come after iteration 1's two model calls.
      const second = JSON.stringify(server.requests[2]?.messages);
      expect(second.includes('Done with the parser for now.'), 'iteration 1’s messages in iteration 2’s request').toBe(resumes);
      expect(second.includes('1. Wrote the parser.'), 'the earlier summaries opening iteration 2').toBe(opensWithSummaries);
    },
    120_000,
  );

  it('an approval nobody answers in time is a denial Claude Code reads, and the turn ends', async () => {
    const { supervisor, workdir, outcome } = await start(() => [call('Bash', { command: 'touch late.txt' }), { text: 'I could not run it.' }], {
      permissions: { ...DEFAULT_PERMISSIONS, profile: 'ask' },
      limits: { maxIterations: 1 },
    });
    await agentLoop.timeOutFirstApproval(supervisor);
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    const result = events(supervisor.received, 'tool_result').find((event) => event.data.tool === 'Bash');
    expect(result?.data.isError).toBe(true);
    expect(events(supervisor.received, 'notice').map((event) => event.data.message)).toContain(
      'bash: not executed: nobody answered in time; the turn was ended',
    );
    expect(() => readFileSync(join(workdir, 'late.txt'))).toThrow();
    expect(supervisor.ofType('iteration_done')[0]?.status).toBe('denied');
  }, 120_000);

  it('a `claude` that cannot start ends the run as spawn_failed with what it printed', async () => {
    const fake = agentLoop.brokenAgentBinary('claude', 'error: unknown option --input-format (this is Claude Code 0.2)');
    const { outcome } = await start([{ text: 'never asked' }], {}, undefined, fake);
    const ended = await outcome;
    expect(ended).toMatchObject({ reason: 'spawn_failed', iterations: 0 });
    expect(ended.detail).toContain('Claude Code could not start');
    expect(ended.detail).toContain('unknown option --input-format');
  }, 60_000);

  it('Claude Code killed in the middle of a turn ends the run as crash', async () => {
    const ended = await agentLoop.killInTheMiddleOfATurn(await start([{ hang: true }]), groups);
    expect(ended.detail).toContain('Claude Code stopped in the middle of iteration 1');
  }, 60_000);

  it('a confined run sets Claude Code’s own sandbox: a command may write in the working folder, not outside it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'autoloop-outside-'));
    const { supervisor, workdir, outcome } = await start(
      [
        call('Bash', { command: 'touch inside.txt' }),
        call('Bash', { command: `touch ${join(outside, 'escaped.txt')}` }),
        call(mcpToolName('complete'), { reason: 'tried' }),
        { text: 'Done.' },
      ],
      {
        sandbox: { kind: 'bwrap', dataDir: mkdtempSync(join(tmpdir(), 'autoloop-data-')), readOnlyWorkdir: false, network: [], passEnv: [], removeEnv: [] },
        permissions: { ...DEFAULT_PERMISSIONS, profile: 'workspace-write', rules: [{ tool: 'bash', pattern: 'touch *', action: 'allow' }] },
      },
    );
    await expect(outcome).resolves.toMatchObject({ reason: 'completed' });
    expect(readFileSync(join(workdir, 'inside.txt'), 'utf8')).toBe('');
    expect(() => readFileSync(join(outside, 'escaped.txt'))).toThrow();
    const results = events(supervisor.received, 'tool_result').filter((event) => event.data.tool === 'Bash');
    expect(results).toHaveLength(2);
    expect(String(results[1]?.data.output)).toContain('Read-only file system');
  }, 120_000);

  it.each([
    ['trusted', { kind: 'none' as const, network: 'all' as const, pidNamespace: true }],
    ['workspace-write', { kind: 'bwrap' as const, network: [] }],
  ] as const)(
    'on Linux Claude Code runs inside Autoloop’s bubblewrap (%s): neither its Read nor its commands find the data folder',
    async (profile, spec) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-data-'));
      const token = join(dataDir, 'engine-token');
      writeFileSync(token, 'secret-token\n');
      const sandbox = { dataDir, readOnlyWorkdir: false, passEnv: [], removeEnv: [], ...spec, network: spec.network === 'all' ? ('all' as const) : [] };
      const { supervisor, outcome } = await start(
        [
          call('Read', { file_path: token }),
          // Simple commands, so the allow rule covers them (a command with operators asks): unmounting what hides the
          // folder must fail too (root in the sandbox could, and would then read what is under it).
          call('Bash', { command: `umount ${dataDir}` }),
          call('Bash', { command: `cat ${token}` }),
          call(mcpToolName('complete'), { reason: 'looked' }),
          { text: 'Done.' },
        ],
        {
          sandbox,
          // Allowed by rules, so only the sandbox stands between the agent and the token.
          permissions: {
            ...DEFAULT_PERMISSIONS,
            profile,
            rules: [
              { tool: 'bash', pattern: '*', action: 'allow' },
              { tool: 'read_file', pattern: '*', action: 'allow' },
            ],
          },
        },
      );
      await expect(outcome).resolves.toMatchObject({ reason: 'completed' });
      const results = events(supervisor.received, 'tool_result').filter((event) => event.data.tool === 'Read' || event.data.tool === 'Bash');
      expect(results.map((event) => event.data.tool)).toEqual(['Read', 'Bash', 'Bash']);
      for (const result of results) expect(String(result.data.output)).not.toContain('secret-token');
      expect(String(results[0]?.data.output)).toMatch(/does not exist|No such file/i);
    },
    120_000,
  );

  it('takes a fresh session and an opening message when an iteration asks for them (the seam for context modes)', async () => {
    const server = await startAgentAnthropicServer([{ text: 'first answer' }, { text: 'second answer' }]);
    servers.push(server);
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-claude-work-'));
    const init = claudeInit(workdir, server.baseUrl);
    const session = createClaudeCodeSession({
      init,
      tools: builtinTools(),
      gate: createPermissionGate(init.permissions, { requestApproval: () => Promise.reject(new Error('nothing asks')) }),
      send: () => undefined,
    });
    const first = await session.runIteration(1, new AbortController().signal);
    const second = await session.runIteration(2, new AbortController().signal, null, { freshSession: true, opening: 'Start over from the notes.' });
    expect(first.turn.summary).toBe('first answer');
    expect(second.turn.summary).toBe('second answer');
    const sent = JSON.stringify(server.requests[1]?.messages);
    expect(sent).toContain('Start over from the notes.');
    expect(sent).not.toContain('first answer');
  }, 60_000);
});
