import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { PermissionProfile, PermissionRule, RunEvent } from '../../shared/records';
import { processesWithArgs } from '../../testing/processes';
import { type FakeResponsesServer, type ResponsesAnswer, startFakeResponsesServer } from '../../testing/fake-responses-server';
import { REPO_ROOT, type TempEngine, createTempEngine, isProcessAlive } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';

// The run's MCP servers in a Codex run (issues 22 and 23): the real runner starts the fixture server (sandboxed stdio),
// the real `codex` binary the @openai/codex package carries calls its tools through Autoloop's MCP bridge and permission
// gate, and only the model service is a fake Responses API that scripts Codex's tool calls.

const FIXTURE = join(REPO_ROOT, 'e2e', 'fixtures', 'mcp-fixture-server.mjs');
const WAIT_MS = 20_000;

let engine: TempEngine;
const servers: FakeResponsesServer[] = [];
let providers = 0;

beforeAll(() => {
  // Codex keeps its threads under its home: one for these tests, never the person's.
  // Not under /tmp: Codex refuses to set up its sandbox helper (codex-linux-sandbox) in a temporary folder.
  process.env.CODEX_HOME = mkdtempSync('/var/tmp/autoloop-codex-home-');
  engine = createTempEngine();
});

afterAll(async () => {
  const pids = engine.pids;
  await engine.dispose();
  await Promise.all(servers.map((server) => server.close()));
  expect(pids.filter(isProcessAlive)).toEqual([]);
  if (process.env.CODEX_HOME) rmSync(process.env.CODEX_HOME, { recursive: true, force: true });
  delete process.env.CODEX_HOME;
});

const call = (name: string, args: unknown): ResponsesAnswer => ({ calls: [{ name, arguments: args }] });

/** Starts a one-iteration Codex run with the given MCP servers, its model turns scripted by a fake Responses API. */
async function codexRun(
  mcp: string[],
  answers: ReadonlyArray<ResponsesAnswer>,
  profile: PermissionProfile,
  rules: PermissionRule[] = [],
  more: Readonly<{ approvalTimeoutMs?: number; onApprovalTimeout?: 'pause' }> = {},
  maxIterations = 1,
) {
  const workdir = mkdtempSync(join(tmpdir(), 'autoloop-mcp-codex-'));
  const server = await startFakeResponsesServer(answers);
  servers.push(server);
  providers += 1;
  const provider = `oai${providers}`;
  await engine.api['providers.set']({ name: provider, config: { type: 'openai', baseUrl: server.baseUrl, apiKey: 'sk-openai-fake-key' } });
  const started = await engine.api['runs.start'](
    StartRunParams.parse({
      template: 'demo-counter',
      agent: 'codex',
      model: `${provider}/gpt-5`,
      workdir,
      isolation: 'none',
      mcp,
      loop: { intervalMs: 0 },
      limits: { maxIterations },
      permissions: { profile, rules, ...more },
    }),
  );
  return { started, server, workdir };
}

async function events(runId: string): Promise<RunEvent[]> {
  return (await engine.api['runs.events']({ id: runId, afterSeq: 0, limit: 1_000 })).events;
}

const ofKind = (all: ReadonlyArray<RunEvent>, kind: string, tool: string) => all.filter((event) => event.kind === kind && event.data.tool === tool);
const notices = (all: ReadonlyArray<RunEvent>): string =>
  all
    .filter((event) => event.kind === 'notice')
    .map((event) => String(event.data.message))
    .join('\n');

/** The tools a Responses request offered, flattened: namespaced MCP tools as `<namespace>__<name>`, each with its parameters. */
function offeredTools(request: Record<string, unknown> | undefined): Map<string, unknown> {
  const offered = new Map<string, unknown>();
  const visit = (tools: unknown, namespace: string | null): void => {
    for (const tool of Array.isArray(tools) ? (tools as Array<Record<string, unknown>>) : []) {
      const name = typeof tool.name === 'string' ? tool.name : '';
      if (Array.isArray(tool.tools)) visit(tool.tools, name);
      else offered.set(namespace ? `${namespace}__${name}` : name, tool.parameters);
    }
  };
  visit(request?.tools, null);
  return offered;
}

describe('MCP servers in a Codex run (real runner, real codex, sandboxed stdio server, fake Responses API)', () => {
  it('offers the tools with their schemas, runs a read-only one with the server named in the log, refuses the writing one under read-only, and ends the server with the run', async () => {
    const marker = `--marker=${randomBytes(6).toString('hex')}`;
    await engine.api['mcp.add']({ name: 'fix', config: { transport: 'stdio', command: process.execPath, args: [FIXTURE, marker], enabled: true } });
    const { started, server, workdir } = await codexRun(
      ['fix'],
      [
        call('mcp__fix__read_note', { name: 'a' }),
        call('mcp__fix__write_note', { text: 'hello' }),
        call('mcp__autoloop__complete', { reason: 'read the note' }),
        { text: 'Finished.' },
      ],
      'read-only',
    );
    expect(started).toMatchObject({ agent: 'codex', mcp: ['fix'] });
    const run = await engine.supervisor.finished(started.id);
    const all = await events(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
    expect(notices(all)).toContain('MCP server "fix" started with 3 tools: mcp__fix__read_note, mcp__fix__write_note, mcp__fix__hang');

    // Codex offered the server's tools under the server's name with the server's own JSON Schema.
    const offered = offeredTools(server.requests[0]);
    expect(offered.get('mcp__fix__read_note')).toMatchObject({ properties: { name: { type: 'string' } } });
    expect([...offered.keys()]).toContain('mcp__fix__write_note');

    expect(ofKind(all, 'tool_call', 'mcp__fix__read_note').map((event) => event.data.input)).toEqual([{ name: 'a' }]);
    expect(ofKind(all, 'tool_result', 'mcp__fix__read_note').map((event) => [event.data.output, event.data.isError])).toEqual([
      ['note a: remember the milk (secret env: none)', false],
    ]);
    const refused = ofKind(all, 'tool_result', 'mcp__fix__write_note');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.data).toMatchObject({ isError: true, output: expect.stringMatching(/denied by the run's permissions \(read-only\)/) });
    expect(existsSync(join(workdir, 'note.txt'))).toBe(false);

    await waitUntil(() => processesWithArgs(FIXTURE, marker).length === 0, 'the MCP server to end with its run', WAIT_MS);
  }, 120_000);

  it('asks before the writing tool with the server, tool and arguments shown, once, and runs it once allowed', async () => {
    const requested: Array<{ tool: string; summary: string }> = [];
    const unsubscribe = engine.bus.subscribe((event) => {
      if (event.type !== 'approval.requested') return;
      requested.push({ tool: event.approval.tool, summary: event.approval.summary });
      void engine.api['approvals.decide']({ id: event.approval.id, decision: 'allow', scope: 'once' });
    });
    try {
      const { started, workdir } = await codexRun(
        ['fix'],
        [call('mcp__fix__write_note', { text: 'from codex' }), call('mcp__autoloop__complete', { reason: 'wrote it' }), { text: 'Finished.' }],
        'ask',
      );
      const run = await engine.supervisor.finished(started.id);
      expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
      expect(requested).toEqual([{ tool: 'mcp__fix__write_note', summary: 'MCP server fix, tool write_note {"text":"from codex"}' }]);
      expect(readFileSync(join(workdir, 'note.txt'), 'utf8')).toBe('from codex');
      expect(ofKind(await events(started.id), 'tool_result', 'mcp__fix__write_note').map((event) => event.data.isError)).toEqual([false]);
    } finally {
      unsubscribe();
    }
  }, 120_000);

  it('applies a rule naming mcp__<server>__*: denied without asking anyone, nothing written, and the run goes on to complete', async () => {
    const requested: string[] = [];
    const unsubscribe = engine.bus.subscribe((event) => {
      if (event.type !== 'approval.requested') return;
      requested.push(event.approval.tool);
      void engine.api['approvals.decide']({ id: event.approval.id, decision: 'allow', scope: 'once' });
    });
    try {
      const { started, workdir } = await codexRun(
        ['fix'],
        [call('mcp__fix__write_note', { text: 'never' }), call('mcp__autoloop__complete', { reason: 'refused' }), { text: 'Finished.' }],
        'ask',
        [{ action: 'deny', tool: 'mcp__fix__*', pattern: '*' }],
      );
      const run = await engine.supervisor.finished(started.id);
      expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
      expect(requested).toEqual([]);
      expect(existsSync(join(workdir, 'note.txt'))).toBe(false);
      const results = ofKind(await events(started.id), 'tool_result', 'mcp__fix__write_note');
      expect(results.map((event) => event.data.isError)).toEqual([true]);
      expect(String(results[0]?.data.output)).toMatch(/denied/);
    } finally {
      unsubscribe();
    }
  }, 120_000);

  it('pauses the run when nobody answers the approval in time: the turn is ended, nothing written', async () => {
    const { started, workdir } = await codexRun(
      ['fix'],
      [call('mcp__fix__write_note', { text: 'too late' }), call('mcp__autoloop__complete', { reason: 'never' }), { text: 'Finished.' }],
      'ask',
      [],
      { approvalTimeoutMs: 300, onApprovalTimeout: 'pause' },
      // The pause takes effect at the next iteration's gate: a one-iteration run would end on its limit first.
      2,
    );
    const paused = await engine.supervisor.finished(started.id);
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'approval_timeout', iterations: 1 });
    expect(existsSync(join(workdir, 'note.txt'))).toBe(false);
    const all = await events(started.id);
    expect(notices(all)).toMatch(/mcp__fix__write_note: .*; the turn was ended/);
    expect(ofKind(all, 'tool_result', 'mcp__fix__write_note').map((event) => [event.data.isError, event.data.output])).toEqual([
      [true, expect.stringMatching(/not executed/)],
    ]);
    expect(await engine.api['runs.stop']({ id: started.id })).toMatchObject({ status: 'ended' });
  }, 120_000);

  it('gives Codex a tool error when a call times out, and the run goes on to complete', async () => {
    const marker = `--marker=${randomBytes(6).toString('hex')}`;
    await engine.api['mcp.add']({
      name: 'slow',
      config: { transport: 'stdio', command: process.execPath, args: [FIXTURE, marker], enabled: true, callTimeoutMs: 1_000 },
    });
    const { started } = await codexRun(
      ['slow'],
      [call('mcp__slow__hang', {}), call('mcp__autoloop__complete', { reason: 'the server hung' }), { text: 'Finished.' }],
      'read-only',
    );
    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
    expect(ofKind(await events(started.id), 'tool_result', 'mcp__slow__hang').map((event) => [event.data.output, event.data.isError])).toEqual([
      ['MCP server "slow", tool hang: timed out after 1 s', true],
    ]);
    await waitUntil(() => processesWithArgs(FIXTURE, marker).length === 0, 'the MCP server to end with its run', WAIT_MS);
  }, 120_000);

  it('notes a server that cannot start, and fails the iteration as mcp_unavailable without starting Codex when every server is down', async () => {
    await engine.api['mcp.add']({ name: 'missing', config: { transport: 'stdio', command: '/nonexistent/mcp-server', enabled: true } });
    const { started, server } = await codexRun(['missing'], [{ text: 'never asked' }], 'read-only');
    const run = await engine.supervisor.finished(started.id);
    const all = await events(started.id);
    expect(notices(all)).toMatch(/MCP server "missing" could not start: .*The run goes on without its tools\./);
    expect(all.filter((event) => event.kind === 'error').map((event) => event.data.kind)).toEqual(['mcp_unavailable']);
    expect(run).toMatchObject({ status: 'ended', iterations: 1 });
    expect(server.requests).toEqual([]);
  }, 120_000);
});
