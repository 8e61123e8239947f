import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { PermissionProfile, RunEvent } from '../../shared/records';
import { type AgentAnthropicServer, type AgentTurnAnswer, startAgentAnthropicServer } from '../../testing/fake-agent-anthropic-server';
import { REPO_ROOT, type TempEngine, createTempEngine, isProcessAlive } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { processesWithArgs } from '../../testing/processes';

// The run's MCP servers in a Claude Code run (issue 22): the real runner starts the fixture server (sandboxed stdio),
// the real `claude` binary the Agent SDK package carries calls its tools through Autoloop's proxies and permission
// gate, and only the model service is a fake Messages API that scripts Claude's tool calls.

const FIXTURE = join(REPO_ROOT, 'e2e', 'fixtures', 'mcp-fixture-server.mjs');
const WAIT_MS = 20_000;

let engine: TempEngine;
const servers: AgentAnthropicServer[] = [];
let providers = 0;

beforeAll(() => {
  // Claude Code keeps its sessions under its config folder: one for these tests, never the person's.
  process.env.CLAUDE_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'autoloop-claude-config-'));
  engine = createTempEngine();
});

afterAll(async () => {
  const pids = engine.pids;
  await engine.dispose();
  await Promise.all(servers.map((server) => server.close()));
  expect(pids.filter(isProcessAlive)).toEqual([]);
  delete process.env.CLAUDE_CONFIG_DIR;
});

const call = (name: string, input: unknown): AgentTurnAnswer => ({ toolCalls: [{ name, input }] });

/** Starts a one-iteration Claude Code run with the given MCP servers, its model turns scripted by a fake Messages API. */
async function claudeRun(mcp: string[], answers: ReadonlyArray<AgentTurnAnswer>, profile: PermissionProfile) {
  const workdir = mkdtempSync(join(tmpdir(), 'autoloop-mcp-claude-'));
  const server = await startAgentAnthropicServer(answers);
  servers.push(server);
  providers += 1;
  const provider = `claude${providers}`;
  await engine.api['providers.set']({ name: provider, config: { type: 'anthropic', baseUrl: server.baseUrl, apiKey: 'sk-ant-fake-key' } });
  const started = await engine.api['runs.start'](
    StartRunParams.parse({
      template: 'demo-counter',
      agent: 'claude-code',
      model: `${provider}/claude-sonnet-4-5`,
      workdir,
      isolation: 'none',
      mcp,
      loop: { intervalMs: 0 },
      limits: { maxIterations: 1 },
      permissions: { profile },
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

describe('MCP servers in a Claude Code run (real runner, real claude, sandboxed stdio server, fake Messages API)', () => {
  it('offers the tools with their schemas, runs a read-only one with the server named in the log, refuses the writing one under read-only, and ends the server with the run', async () => {
    const marker = `--marker=${randomBytes(6).toString('hex')}`;
    await engine.api['mcp.add']({ name: 'fix', config: { transport: 'stdio', command: process.execPath, args: [FIXTURE, marker], enabled: true } });
    const { started, server, workdir } = await claudeRun(
      ['fix'],
      [
        call('mcp__fix__read_note', { name: 'a' }),
        call('mcp__fix__write_note', { text: 'hello' }),
        call('mcp__autoloop__complete', { reason: 'read the note' }),
        { text: 'Finished.' },
      ],
      'read-only',
    );
    expect(started).toMatchObject({ agent: 'claude-code', mcp: ['fix'] });
    const run = await engine.supervisor.finished(started.id);
    const all = await events(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
    expect(notices(all)).toContain('MCP server "fix" started with 3 tools: mcp__fix__read_note, mcp__fix__write_note, mcp__fix__hang');

    // Claude Code offered the server's tools under their MCP names with the server's own JSON Schema.
    const offered = (server.requests[0]?.tools ?? []) as Array<{ name: string; input_schema?: { properties?: Record<string, unknown> } }>;
    const readNote = offered.find((tool) => tool.name === 'mcp__fix__read_note');
    expect(readNote?.input_schema?.properties).toMatchObject({ name: { type: 'string' } });
    expect(offered.map((tool) => tool.name)).toContain('mcp__fix__write_note');

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

  it('asks before the writing tool with the server, tool and arguments shown, and runs it once allowed', async () => {
    const requested: Array<{ tool: string; summary: string }> = [];
    const unsubscribe = engine.bus.subscribe((event) => {
      if (event.type !== 'approval.requested') return;
      requested.push({ tool: event.approval.tool, summary: event.approval.summary });
      void engine.api['approvals.decide']({ id: event.approval.id, decision: 'allow', scope: 'once' });
    });
    try {
      const { started, workdir } = await claudeRun(
        ['fix'],
        [call('mcp__fix__write_note', { text: 'from claude' }), call('mcp__autoloop__complete', { reason: 'wrote it' }), { text: 'Finished.' }],
        'ask',
      );
      const run = await engine.supervisor.finished(started.id);
      expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
      expect(requested.filter((request) => request.tool.startsWith('mcp__fix__'))).toEqual([
        { tool: 'mcp__fix__write_note', summary: 'MCP server fix, tool write_note {"text":"from claude"}' },
      ]);
      expect(readFileSync(join(workdir, 'note.txt'), 'utf8')).toBe('from claude');
      expect(ofKind(await events(started.id), 'tool_result', 'mcp__fix__write_note').map((event) => event.data.isError)).toEqual([false]);
    } finally {
      unsubscribe();
    }
  }, 120_000);

  it('gives Claude Code a tool error when a call times out, and the run goes on to complete', async () => {
    const marker = `--marker=${randomBytes(6).toString('hex')}`;
    await engine.api['mcp.add']({
      name: 'slow',
      config: { transport: 'stdio', command: process.execPath, args: [FIXTURE, marker], enabled: true, callTimeoutMs: 1_000 },
    });
    const { started } = await claudeRun(
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

  it('notes a server that cannot start, and fails the iteration as mcp_unavailable without starting Claude Code when every server is down', async () => {
    await engine.api['mcp.add']({ name: 'missing', config: { transport: 'stdio', command: '/nonexistent/mcp-server', enabled: true } });
    const { started, server } = await claudeRun(['missing'], [{ text: 'never asked' }], 'read-only');
    const run = await engine.supervisor.finished(started.id);
    const all = await events(started.id);
    expect(notices(all)).toMatch(/MCP server "missing" could not start: .*The run goes on without its tools\./);
    expect(all.filter((event) => event.kind === 'error').map((event) => event.data.kind)).toEqual(['mcp_unavailable']);
    expect(run).toMatchObject({ status: 'ended', iterations: 1 });
    expect(server.requests).toEqual([]);
  }, 120_000);
});
