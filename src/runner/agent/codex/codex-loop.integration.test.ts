import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeResponsesServer, type ResponsesAnswer, startFakeResponsesServer } from '../../../testing/fake-responses-server';
import type { InitMessage } from '../../../shared/protocol';
import { DEFAULT_PERMISSIONS } from '../../../shared/records';
import type { GateDecision } from '../../loop/testing/loop-harness';
import * as agentLoop from '../testing/agent-loop';
import { findCodex } from './find-codex';
import { codexHomeBase } from './codex-launch';
import { codexHomeFolderName } from '../../../shared/agents';
import { processesNaming } from '../../../testing/processes';
import { useAgentHome } from '../../../testing/agent-home';

// The real Codex binary (the one @openai/codex carries), driven as `codex app-server` with Autoloop’s
// `report` and `complete` over MCP, against a fake Responses API: only the model service is replaced.

const servers = agentLoop.serversClosedAfterEach<FakeResponsesServer>();

// Codex keeps its threads under its home: one for the tests, never the person's (the home a run with the person's login
// would use: every run here has a provider key, but for the ones below that set their own).
useAgentHome('codex');
let codex = '';
beforeAll(async () => {
  const found = await findCodex({ PATH: '/usr/bin:/bin' });
  if (!found.ok) throw new Error(`these tests drive the real Codex: ${found.message}`);
  codex = found.binary.file;
});

// Each run has its own private Codex home (the engine removes it when a run ends; here the tests do).
let runs = 0;
const runIds: string[] = [];
afterAll(() => {
  for (const runId of runIds) rmSync(join(codexHomeBase(), codexHomeFolderName(runId)), { recursive: true, force: true });
});

const groups = agentLoop.recordProcessGroups();
const events = agentLoop.loopEvents;

async function start(
  answers: ReadonlyArray<ResponsesAnswer>,
  overrides: Partial<InitMessage> = {},
  resume?: InitMessage['resume'],
  executable?: string,
  decide: (iteration: number) => GateDecision | null = () => ({ decision: 'go' }),
  /** Runs once the fake server listens, before the runner starts Codex. */
  prepare?: (server: FakeResponsesServer) => void,
) {
  const { modelId = 'gpt-5', ...given } = overrides as Partial<InitMessage> & { modelId?: string };
  const workdir = given.workdir ?? mkdtempSync(join(tmpdir(), 'autoloop-codex-work-'));
  const runId = given.runId ?? `codex-loop-${process.pid}-${++runs}`;
  runIds.push(runId);
  const server = await startFakeResponsesServer(answers);
  servers.push(server);
  prepare?.(server);
  const init = agentLoop.agentInit({
    agent: 'codex',
    runId,
    workdir,
    model: { provider: 'openai', id: modelId, options: { providerName: 'openai', baseUrl: server.baseUrl } },
    secrets: { openai: 'sk-openai-test-key' },
    ...(resume ? { resume } : {}),
    ...given,
  });
  const { supervisor, outcome } = await agentLoop.startAgentLoop(init, { decide, codexExecutable: executable ?? codex });
  return { server, supervisor, workdir, runId, outcome };
}

const call = (name: string, args: unknown): ResponsesAnswer => ({ calls: [{ name, arguments: args }] });
const shell = (cmd: string): ResponsesAnswer => call('exec_command', { cmd });
const report = (summary: string): ResponsesAnswer => call('mcp__autoloop__report', { summary });

describe('Codex as the loop agent', () => {
  it('runs three iterations on one thread: shell commands, report and complete over MCP; the log and usage match the server', async () => {
    const answers: ResponsesAnswer[] = [
      // iteration 1
      { text: 'Writing the notes.', ...shell('echo step one > notes.txt'), usage: { input: 120, cached: 30, output: 15 } },
      call('mcp__autoloop__report', { summary: 'Wrote the notes file.' }),
      { text: 'Iteration one done.' },
      // iteration 2
      shell('echo step two >> notes.txt'),
      call('mcp__autoloop__report', { summary: 'Appended step two.' }),
      { text: 'Iteration two done.' },
      // iteration 3
      call('mcp__autoloop__complete', { reason: 'Both steps are written.' }),
      { text: 'All done.' },
    ];
    const { server, supervisor, workdir, outcome } = await start(answers);

    const ended = await outcome;
    const toolNames = (server.requests[0]?.tools as Array<{ name?: string; type?: string }> | undefined)?.map((tool) => tool.name ?? tool.type);
    expect(ended, `offered tools: ${JSON.stringify(toolNames)}`).toMatchObject({ reason: 'completed', iterations: 3, detail: 'Both steps are written.' });
    expect(readFileSync(join(workdir, 'notes.txt'), 'utf8')).toBe('step one\nstep two\n');
    expect(supervisor.ofType('iteration_done').map((message) => message.summary)).toEqual(['Wrote the notes file.', 'Appended step two.', 'All done.']);

    // The thread carried over: each iteration's first request holds the earlier iterations' items.
    const firstOf = (n: number) => server.requests[n]?.input as unknown[];
    expect(firstOf(3).length).toBeGreaterThan(firstOf(0).length);
    expect(firstOf(6).length).toBeGreaterThan(firstOf(3).length);
    expect(JSON.stringify(firstOf(6))).toContain('Appended step two.');

    const calls = events(supervisor.received, 'tool_call').map((event) => event.data.tool);
    expect(calls).toEqual(['bash', 'report', 'bash', 'report', 'complete']);
    const results = events(supervisor.received, 'tool_result');
    expect(results).toHaveLength(5);
    expect(results.map((event) => [event.data.tool, event.data.isError])).toEqual(calls.map((tool) => [tool, false]));
    expect(events(supervisor.received, 'text').map((event) => event.data.text)).toContain('Iteration two done.');

    // Accounting: every token the server reported, once, booked under the run's model for the price table.
    const usage = supervisor.ofType('usage');
    const sum = (pick: (message: (typeof usage)[number]) => number) => usage.reduce((total, message) => total + pick(message), 0);
    expect(sum((message) => message.inputTokens)).toBe(server.usages.reduce((total, one) => total + one.input, 0));
    expect(sum((message) => message.outputTokens)).toBe(server.usages.reduce((total, one) => total + one.output, 0));
    expect(sum((message) => message.cacheReadTokens)).toBe(server.usages.reduce((total, one) => total + (one.cached ?? 0), 0));
    expect(usage.map((message) => message.iteration)).toEqual([1, 2, 3]);
    expect(usage.every((message) => message.model === 'openai/gpt-5' && message.costUsd === null)).toBe(true);
    // Nothing but the turns: every request was one of the script's, and nothing else was asked of the server.
    expect(server.requests.length).toBe(8);
    expect(server.sideRequests()).toEqual([]);
  }, 120_000);

  it('a stop in the middle of a turn ends it at once and leaves no Codex process behind', async () => {
    await agentLoop.checkStopInTheMiddleOfATurn(await start([{ hang: true }]), groups);
    // Nor the MCP relay Codex started (it ends with Codex's end of the pipe).
    await expect.poll(() => processesNaming('autoloop-codex-mcp-'), { timeout: 10_000 }).toEqual([]);
  }, 60_000);

  it('a resumed run (after a budget pause) goes on in the same Codex thread, and its usage is the new turn alone', async () => {
    // The engine's gate pauses the run before iteration 2 (a budget reached): the run's Codex home stays for the resume.
    const pauseAt2 = (iteration: number): GateDecision => (iteration === 2 ? { decision: 'pause', reason: 'budget' } : { decision: 'go' });
    const first = await start([report('first step'), { text: 'One.' }], {}, undefined, undefined, pauseAt2);
    await expect(first.outcome).resolves.toMatchObject({ reason: 'paused', iterations: 1 });
    const checkpoint = first.supervisor.ofType('checkpoint')[0];
    expect(checkpoint).toBeDefined();
    const second = await start(
      [{ text: 'Two.' }],
      { workdir: first.workdir, runId: first.runId, limits: { maxIterations: 2 } },
      { iteration: 1, messages: checkpoint?.messages ?? [] },
    );
    await expect(second.outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 2 });
    // The resumed thread sent iteration 1's items back to the model.
    expect(JSON.stringify(second.server.requests[0]?.input)).toContain('first step');
    const usage = second.supervisor.ofType('usage');
    expect(usage.reduce((total, message) => total + message.inputTokens, 0)).toBe(second.server.usages.reduce((total, one) => total + one.input, 0));
  }, 120_000);

  it('takes a new thread and an opening message when an iteration asks for them (the fresh and summaries context modes)', async () => {
    const { server, outcome } = await start([report('first'), { text: 'One.' }, { text: 'Two.' }], {
      context: 'summaries',
      limits: { maxIterations: 2 },
    });
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 2 });
    const second = JSON.stringify(server.requests[2]?.input);
    // A new thread: iteration 1's tool call is not in it, its summary is (the opening).
    expect(second).not.toContain('mcp__autoloop');
    expect(second).not.toContain('call_resp_1_0');
    expect(second).toContain('first');
  }, 120_000);

  it('ends the run as stagnation when Codex reports the same summary again and again', async () => {
    const same: ResponsesAnswer[] = [report('Looked at it again.'), { text: 'Same.' }];
    const { outcome, supervisor } = await start([...same, ...same, ...same, ...same]);
    await expect(outcome).resolves.toMatchObject({ reason: 'stagnation', iterations: 3 });
    expect(supervisor.ofType('iteration_done').map((message) => message.summary)).toEqual(Array(3).fill('Looked at it again.'));
  }, 120_000);

  it('a confined run (workspace-write) sets Codex’s own sandbox: a command may write in the working folder, not outside it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'autoloop-codex-outside-'));
    const { supervisor, workdir, outcome } = await start(
      [shell('echo in > inside.txt'), shell(`echo out > ${join(outside, 'outside.txt')}`), report('tried both'), { text: 'Done.' }],
      { permissions: { ...DEFAULT_PERMISSIONS, profile: 'workspace-write' }, limits: { maxIterations: 1 } },
    );
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit' });
    expect(readFileSync(join(workdir, 'inside.txt'), 'utf8')).toBe('in\n');
    expect(existsSync(join(outside, 'outside.txt'))).toBe(false);
    const results = events(supervisor.received, 'tool_result').filter((event) => event.data.tool === 'bash');
    expect(results[0]?.data.isError).toBe(false);
    // Codex either runs the write outside and its sandbox fails it, or declines to run it at all (seen with
    // codex-cli 0.171 here: no item for it); either way nothing is written outside (checked above).
    for (const refused of results.slice(1)) {
      expect(refused.data.isError).toBe(true);
      expect(String(refused.data.output)).toMatch(/Read-only file system|Permission denied/);
    }
  }, 120_000);

  it('asks through the run’s approvals (ask profile): an allowed command runs, a denied one does not and the log says why', async () => {
    const { supervisor, workdir, outcome } = await start(
      [shell('echo allowed > allowed.txt'), shell('touch denied.txt'), report('tried both'), { text: 'Done.' }],
      { permissions: { ...DEFAULT_PERMISSIONS, profile: 'ask' }, limits: { maxIterations: 1 } },
    );
    await agentLoop.answerApprovals(supervisor, [true, 'not that']);
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    // Presented as Autoloop's `bash`, the command as written (not Codex's `/bin/bash -lc '…'`).
    expect(supervisor.ofType('approval_request').map((request) => [request.tool, request.summary])).toEqual([
      ['bash', 'bash: echo allowed > allowed.txt'],
      ['bash', 'bash: touch denied.txt'],
    ]);
    expect(readFileSync(join(workdir, 'allowed.txt'), 'utf8')).toBe('allowed\n');
    expect(existsSync(join(workdir, 'denied.txt'))).toBe(false);
    const results = events(supervisor.received, 'tool_result').filter((event) => event.data.tool === 'bash');
    expect(results.map((event) => event.data.isError)).toEqual([false, true]);
    expect(String(results[1]?.data.output)).toContain('denied by the user: not that');
    expect(supervisor.ofType('iteration_done')[0]).toMatchObject({ status: 'denied', summary: 'tried both' });
  }, 120_000);

  it('an approval nobody answers in time is a denial: the command does not run and the turn ends', async () => {
    const { supervisor, workdir, outcome } = await start([shell('touch late.txt'), { text: 'I could not run it.' }], {
      permissions: { ...DEFAULT_PERMISSIONS, profile: 'ask' },
      limits: { maxIterations: 1 },
    });
    await agentLoop.timeOutFirstApproval(supervisor);
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    expect(existsSync(join(workdir, 'late.txt'))).toBe(false);
    expect(events(supervisor.received, 'notice').map((event) => event.data.message)).toContain(
      'bash: not executed: nobody answered in time; the turn was ended',
    );
    expect(supervisor.ofType('iteration_done')[0]?.status).toBe('denied');
  }, 120_000);

  it('a trusted run never asks: Codex’s commands run without an approval request', async () => {
    const { supervisor, workdir, outcome } = await start([shell('echo free > free.txt'), report('ran it'), { text: 'Done.' }], {
      limits: { maxIterations: 1 },
    });
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    expect(readFileSync(join(workdir, 'free.txt'), 'utf8')).toBe('free\n');
    expect(supervisor.ofType('approval_request')).toEqual([]);
  }, 120_000);

  it('a key the model service refuses (401) ends the run as auth_failed with what to do', async () => {
    const { outcome, supervisor } = await start([{ status: 401 }, { status: 401 }, { status: 401 }, { status: 401 }, { status: 401 }, { status: 401 }]);
    const ended = await outcome;
    expect(ended).toMatchObject({ reason: 'auth_failed', iterations: 1 });
    expect(ended.detail).toContain('codex login');
    expect(supervisor.ofType('iteration_done')[0]?.failure).toMatchObject({ kind: 'auth' });
  }, 120_000);

  it.each([
    ['trusted', { kind: 'none' as const, network: 'all' as const, pidNamespace: true }],
    ['workspace-write', { kind: 'bwrap' as const, network: [] }],
  ] as const)(
    'on Linux Codex runs inside Autoloop’s bubblewrap (%s): the data folder is not there for its commands',
    async (profile, spec) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-codex-data-'));
      writeFileSync(join(dataDir, 'engine-token'), 'secret-token\n');
      const sandbox = { dataDir, readOnlyWorkdir: false, passEnv: [], removeEnv: [], ...spec, network: spec.network === 'all' ? ('all' as const) : [] };
      // Unmounting what hides it must fail too (root in the sandbox could, and would then read what is under it).
      const look = `umount ${dataDir} 2>/dev/null; cat ${join(dataDir, 'engine-token')}`;
      const { supervisor, outcome } = await start([shell(look), report('looked'), { text: 'Done.' }], {
        sandbox,
        permissions: { ...DEFAULT_PERMISSIONS, profile },
        limits: { maxIterations: 1 },
      });
      await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
      const result = events(supervisor.received, 'tool_result').find((event) => event.data.tool === 'bash');
      expect(result?.data.isError).toBe(true);
      expect(String(result?.data.output)).toContain('No such file or directory');
      expect(String(result?.data.output)).not.toContain('secret-token');
      // Codex's own sandbox (workspace-write) reads everywhere: without Autoloop's bubblewrap the token would be read.
      expect(supervisor.ofType('approval_request')).toEqual([]);
    },
    120_000,
  );

  it('a command Codex runs outside its own sandbox once approved cannot unmount what hides the data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-codex-data-'));
    writeFileSync(join(dataDir, 'engine-token'), 'secret-token\n');
    const sandbox = { kind: 'bwrap' as const, dataDir, readOnlyWorkdir: false, network: [], passEnv: [], removeEnv: [] };
    const look = `umount ${dataDir}; cat ${join(dataDir, 'engine-token')}`;
    const escalate = call('exec_command', { cmd: look, sandbox_permissions: 'require_escalated', justification: 'read the token' });
    const { supervisor, outcome } = await start([escalate, report('tried'), { text: 'Done.' }], {
      sandbox,
      permissions: { ...DEFAULT_PERMISSIONS, profile: 'workspace-write' },
      limits: { maxIterations: 1 },
    });
    await supervisor.waitFor((message) => message.type === 'approval_request');
    const [request] = supervisor.ofType('approval_request');
    supervisor.send({ type: 'approval_result', requestId: request?.requestId ?? '', decision: 'allow' });
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    const output = String(events(supervisor.received, 'tool_result').find((event) => event.data.tool === 'bash')?.data.output);
    expect(output).toContain('No such file or directory');
    expect(output).not.toContain('secret-token');
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('a command Codex runs outside its own sandbox once approved (workspace-write) is still confined by Autoloop’s bubblewrap', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-codex-data-'));
    const outside = mkdtempSync('/var/tmp/autoloop-codex-outside-');
    const target = join(outside, 'escaped.txt');
    const sandbox = { kind: 'bwrap' as const, dataDir, readOnlyWorkdir: false, network: [], passEnv: [], removeEnv: [] };
    const escalate = call('exec_command', { cmd: `echo out > ${target}`, sandbox_permissions: 'require_escalated', justification: 'write the report' });
    const { supervisor, workdir, outcome } = await start([escalate, shell('echo in > inside.txt'), report('tried'), { text: 'Done.' }], {
      sandbox,
      permissions: { ...DEFAULT_PERMISSIONS, profile: 'workspace-write' },
      limits: { maxIterations: 1 },
    });
    // Codex asks to leave its sandbox: the run's gate asks the person, who allows it.
    await supervisor.waitFor((message) => message.type === 'approval_request');
    const [request] = supervisor.ofType('approval_request');
    expect(request).toMatchObject({ tool: 'bash', summary: `bash: echo out > ${target}` });
    supervisor.send({ type: 'approval_result', requestId: request?.requestId ?? '', decision: 'allow' });
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    expect(existsSync(target)).toBe(false);
    const results = events(supervisor.received, 'tool_result').filter((event) => event.data.tool === 'bash');
    expect(results[0]?.data.isError).toBe(true);
    expect(String(results[0]?.data.output)).toContain('Read-only file system');
    // Inside the working folder a command still writes (Codex's sandbox, inside Autoloop's).
    expect(readFileSync(join(workdir, 'inside.txt'), 'utf8')).toBe('in\n');
    rmSync(outside, { recursive: true, force: true });
  }, 120_000);

  // codex-cli 0.171 offers its `apply_patch` tool (a custom tool, free text) only to models it knows, gpt-5.5 among them.
  const patch = (file: string, line: string): ResponsesAnswer => ({
    calls: [{ name: 'apply_patch', input: `*** Begin Patch\n*** Add File: ${file}\n+${line}\n*** End Patch` }],
  });

  it('a file edit Codex asks for (ask profile) is Autoloop’s write_file with its path: allowed it is written, denied it is not', async () => {
    const { supervisor, workdir, outcome } = await start([patch('kept.txt', 'kept'), patch('refused.txt', 'refused'), report('patched'), { text: 'Done.' }], {
      permissions: { ...DEFAULT_PERMISSIONS, profile: 'ask' },
      limits: { maxIterations: 1 },
      modelId: 'gpt-5.5',
    } as Partial<InitMessage>);
    await agentLoop.answerApprovals(supervisor, [true, 'no']);
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    expect(supervisor.ofType('approval_request').map((request) => [request.tool, request.summary])).toEqual([
      ['write_file', `write_file: ${join(workdir, 'kept.txt')}`],
      ['write_file', `write_file: ${join(workdir, 'refused.txt')}`],
    ]);
    expect(readFileSync(join(workdir, 'kept.txt'), 'utf8')).toBe('kept\n');
    expect(existsSync(join(workdir, 'refused.txt'))).toBe(false);
    const edits = events(supervisor.received, 'tool_result').filter((event) => event.data.tool === 'edit_file');
    expect(edits.map((event) => event.data.isError)).toEqual([false, true]);
    expect(String(edits[1]?.data.output)).toContain('denied by the user: no');
  }, 120_000);

  it('a file edit outside the run’s folders is refused without asking, whatever the profile allows', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'autoloop-codex-outside-'));
    const { supervisor, outcome } = await start([patch(join(outside, 'escape.txt'), 'out'), report('tried'), { text: 'Done.' }], {
      permissions: { ...DEFAULT_PERMISSIONS, profile: 'workspace-write' },
      limits: { maxIterations: 1 },
      modelId: 'gpt-5.5',
    } as Partial<InitMessage>);
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    expect(existsSync(join(outside, 'escape.txt'))).toBe(false);
    expect(supervisor.ofType('approval_request')).toEqual([]);
    const edit = events(supervisor.received, 'tool_result').find((event) => event.data.tool === 'edit_file');
    expect(edit?.data.isError).toBe(true);
    expect(String(edit?.data.output)).toContain("is outside the run's working folder");
  }, 120_000);

  it('a file edit through a link out of the working folder does not land outside (workspace-write)', async () => {
    const outside = mkdtempSync('/var/tmp/autoloop-codex-outside-');
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-codex-work-'));
    symlinkSync(outside, join(workdir, 'link'));
    const { supervisor, outcome } = await start([patch('link/escaped.txt', 'out'), report('tried'), { text: 'Done.' }], {
      workdir,
      permissions: { ...DEFAULT_PERMISSIONS, profile: 'workspace-write' },
      limits: { maxIterations: 1 },
      modelId: 'gpt-5.5',
    } as Partial<InitMessage>);
    await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    expect(existsSync(join(outside, 'escaped.txt'))).toBe(false);
    // Codex asks to write there (the link leaves its sandbox); Autoloop refuses without asking, as its own file tools do.
    expect(supervisor.ofType('approval_request')).toEqual([]);
    const edit = events(supervisor.received, 'tool_result').find((event) => event.data.tool === 'edit_file');
    expect(edit?.data).toMatchObject({ isError: true });
    expect(String(edit?.data.output)).toContain("is outside the run's working folder");
    rmSync(outside, { recursive: true, force: true });
  }, 120_000);

  describe("with the person's own login (no provider key): Codex reads their config.toml", () => {
    const FIXTURE = join(import.meta.dirname, '..', '..', '..', '..', 'e2e', 'fixtures', 'mcp-fixture-server.mjs');
    const toml = (value: string): string => JSON.stringify(value);
    let personal = '';
    let before: string | undefined;
    beforeAll(() => {
      before = process.env.CODEX_HOME;
      // Not under /tmp (Codex's sandbox helper); removed after.
      personal = mkdtempSync('/var/tmp/autoloop-codex-personal-');
      process.env.CODEX_HOME = personal;
    });
    afterAll(() => {
      process.env.CODEX_HOME = before;
      rmSync(personal, { recursive: true, force: true });
    });

    /** The person's config.toml: the fake service at `baseUrl` as their provider, with more top-level keys and tables. */
    const writeConfig = (baseUrl: string, keys: ReadonlyArray<string> = [], tables: ReadonlyArray<string> = []): void =>
      writeFileSync(
        join(personal, 'config.toml'),
        [
          'model = "gpt-5"',
          'model_provider = "mine"',
          ...keys,
          '[model_providers.mine]',
          'name = "Mine"',
          `base_url = ${toml(baseUrl)}`,
          'wire_api = "responses"',
          ...tables,
          '',
        ].join('\n'),
      );

    /** The person's config.toml as some have it: their own MCP server, a notify program, a wider sandbox. */
    const writePersonalConfig = (baseUrl: string, marks: string): void =>
      writeConfig(
        baseUrl,
        ['approvals_reviewer = "auto_review"', `notify = ["/bin/sh", "-c", ${toml(`touch ${join(marks, 'notified')}`)}]`],
        [
          '[mcp_servers.persons]',
          'command = "/bin/sh"',
          `args = ["-c", ${toml(`touch ${join(marks, 'started')}; exec ${process.execPath} ${FIXTURE}`)}]`,
          '[sandbox_workspace_write]',
          'writable_roots = ["/"]',
        ],
      );

    /** A run on the person's login (no provider key, Codex's own model); `configure` writes their config once the fake server listens. */
    const startOnTheirLogin = (answers: ReadonlyArray<ResponsesAnswer>, overrides: Partial<InitMessage>, configure: (baseUrl: string) => void) =>
      start(
        answers,
        { model: { provider: 'scripted', id: 'codex-default', options: {} }, secrets: {}, ...overrides },
        undefined,
        undefined,
        undefined,
        (fake) => configure(fake.baseUrl),
      );

    it("does not start the person's own MCP servers nor offer their tools (they are outside the gate), nor run their notify program", async () => {
      const marks = mkdtempSync(join(tmpdir(), 'autoloop-codex-marks-'));
      const { server, supervisor, outcome } = await startOnTheirLogin(
        [call('mcp__autoloop__complete', { reason: 'Nothing to do.' }), { text: 'Done.' }],
        {},
        (baseUrl) => writePersonalConfig(baseUrl, marks),
      );
      const ended = await outcome;
      const offered = JSON.stringify(
        server.requests.map((request) =>
          (request.tools as Array<{ name?: string; type?: string; tools?: Array<{ name?: string }> }>).map((tool) => tool.name ?? tool.type),
        ),
      );
      expect(ended, offered).toMatchObject({ reason: 'completed', iterations: 1 });
      // The run's own MCP tools reached the model; the person's did not, and their server never started.
      expect(offered).toContain('mcp__autoloop');
      expect(offered).not.toContain('read_note');
      expect(offered).not.toContain('persons');
      expect(existsSync(join(marks, 'started'))).toBe(false);
      expect(existsSync(join(marks, 'notified'))).toBe(false);
      expect(events(supervisor.received, 'notice').map((event) => String(event.data.message))).toContainEqual(
        expect.stringContaining('Codex\'s own MCP servers ("persons", from its config.toml) are off in this run'),
      );
      // The person's config.toml is left as it was.
      expect(readFileSync(join(personal, 'config.toml'), 'utf8')).toContain('[mcp_servers.persons]');
      rmSync(marks, { recursive: true, force: true });
    }, 120_000);

    it("says in the log that the person's Codex rules still apply (no app-server switch leaves them out)", async () => {
      mkdirSync(join(personal, 'rules'), { recursive: true });
      const ruleFile = join(personal, 'rules', 'default.rules');
      writeFileSync(ruleFile, 'prefix_rule(pattern = ["touch"], decision = "allow")\n');
      try {
        const { supervisor, outcome } = await startOnTheirLogin(
          [report('looked'), { text: 'Done.' }],
          { permissions: { ...DEFAULT_PERMISSIONS, profile: 'ask' }, limits: { maxIterations: 1 } },
          (baseUrl) => writeConfig(baseUrl),
        );
        await expect(outcome).resolves.toMatchObject({ reason: 'iteration_limit', iterations: 1 });
        expect(events(supervisor.received, 'notice').map((event) => String(event.data.message))).toContainEqual(
          expect.stringContaining(`Your Codex rules apply in this run (${ruleFile})`),
        );
      } finally {
        rmSync(join(personal, 'rules'), { recursive: true, force: true });
      }
    }, 120_000);

    it('ends the run spawn_failed, before any model call, when the config declares a server under the name of the run’s own', async () => {
      const { server, outcome } = await startOnTheirLogin([{ text: 'never asked' }], {}, (baseUrl) =>
        writeConfig(baseUrl, [], ['[mcp_servers.autoloop]', 'url = "http://127.0.0.1:9/mcp"']),
      );
      const ended = await outcome;
      expect(ended).toMatchObject({ reason: 'spawn_failed', iterations: 0 });
      expect(ended.detail).toContain('Codex\'s config.toml declares an MCP server called "autoloop"');
      expect(server.requests).toEqual([]);
    }, 120_000);
  });

  it('a `codex` that cannot start ends the run as spawn_failed with what it printed', async () => {
    const fake = agentLoop.brokenAgentBinary('codex', 'error: unrecognized subcommand app-server');
    const { outcome } = await start([], {}, undefined, fake);
    const ended = await outcome;
    expect(ended).toMatchObject({ reason: 'spawn_failed', iterations: 0 });
    expect(ended.detail).toContain('Codex could not start: exit code 2');
    expect(ended.detail).toContain('unrecognized subcommand app-server');
  }, 60_000);

  it('a private Codex home someone else prepared ends the run as spawn_failed, before Codex starts', async () => {
    const runId = `codex-loop-${process.pid}-planted`;
    runIds.push(runId);
    const planted = join(codexHomeBase(), codexHomeFolderName(runId));
    mkdirSync(planted, { mode: 0o755 });
    chmodSync(planted, 0o755);
    const { server, outcome } = await start([{ text: 'never asked' }], { runId });
    const ended = await outcome;
    expect(ended).toMatchObject({ reason: 'spawn_failed', iterations: 0 });
    expect(ended.detail).toContain('is not a private folder of this user');
    expect(server.requests).toEqual([]);
  }, 60_000);

  it('Codex killed in the middle of a turn ends the run as crash', async () => {
    const ended = await agentLoop.killInTheMiddleOfATurn(await start([{ hang: true }]), groups);
    expect(ended.detail).toContain('Codex stopped in the middle of iteration 1: killed by SIGKILL');
  }, 60_000);
});
