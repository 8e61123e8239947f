import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { McpServerConfig } from '../../shared/mcp';
import type { PermissionProfile, RunEvent } from '../../shared/records';
import type { ScriptedResponse } from '../../shared/scripted-script';
import { REPO_ROOT, type TempEngine, createTempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { processesWithArgs } from '../../testing/processes';

/** The stdio MCP server the tests use (shared with the Playwright journey). */
const FIXTURE = join(REPO_ROOT, 'e2e', 'fixtures', 'mcp-fixture-server.mjs');
const WAIT_MS = 20_000;

let engine: TempEngine;
let scripts = 0;

beforeAll(() => {
  // A value the engine holds and a server names with `env:`: resolved for the run, never stored.
  process.env.AUTOLOOP_TEST_MCP_TOKEN = 'TOKEN-FROM-ENGINE';
  engine = createTempEngine();
  mkdirSync(join(engine.dataDir, 'templates'), { recursive: true });
  writeFileSync(join(engine.dataDir, 'templates', 'mcp-plain.md'), '---\nname: mcp-plain\n---\nUse the tools.\n');
});

afterAll(async () => {
  await engine.dispose();
});

function fixture(args: string[] = [], extra: Partial<McpServerConfig> = {}): McpServerConfig {
  return { transport: 'stdio', command: process.execPath, args: [FIXTURE, ...args], enabled: true, ...extra };
}

async function events(runId: string): Promise<RunEvent[]> {
  return (await engine.api['runs.events']({ id: runId, afterSeq: 0, limit: 1_000 })).events;
}

function toolResults(all: ReadonlyArray<RunEvent>, tool: string): Array<{ output: string; isError: boolean }> {
  return all
    .filter((event) => event.kind === 'tool_result' && event.data.tool === tool)
    .map((event) => ({ output: String(event.data.output), isError: event.data.isError === true }));
}

function notices(all: ReadonlyArray<RunEvent>): string[] {
  return all.filter((event) => event.kind === 'notice').map((event) => String(event.data.message));
}

async function run(servers: string[], responses: ScriptedResponse[], profile: PermissionProfile, workdir = mkdtempSync(join(tmpdir(), 'autoloop-mcp-work-'))) {
  scripts += 1;
  const model = engine.writeScript(`mcp-${scripts}`, { responses: [...responses, { toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] }] });
  const started = await engine.api['runs.start'](
    StartRunParams.parse({ template: 'mcp-plain', model, workdir, mcp: servers, permissions: { profile }, limits: { maxIterations: 1 } }),
  );
  return { started, workdir };
}

describe('MCP servers in runs (real runner, sandboxed stdio server, scripted model)', () => {
  it('lists the tools, calls a read-only one with an engine-held value, and read-only refuses the writing tool', async () => {
    await engine.api['mcp.add']({ name: 'fix', config: fixture([], { env: { FIXTURE_TOKEN: 'env:AUTOLOOP_TEST_MCP_TOKEN' } }) });
    const { started, workdir } = await run(
      ['fix'],
      [
        {
          toolCalls: [
            { tool: 'mcp__fix__read_note', input: { name: 'a' } },
            { tool: 'mcp__fix__write_note', input: { text: 'hello' } },
          ],
        },
      ],
      'read-only',
    );
    expect(started.mcp).toEqual(['fix']);
    const ended = await engine.supervisor.finished(started.id);
    const all = await events(started.id);
    expect(notices(all).join('\n')).toContain('MCP server "fix" started with 3 tools: mcp__fix__read_note, mcp__fix__write_note, mcp__fix__hang');
    expect(toolResults(all, 'mcp__fix__read_note')).toEqual([{ output: 'note a: remember the milk (secret env: TOKEN-FROM-ENGINE)', isError: false }]);
    expect(toolResults(all, 'mcp__fix__write_note')[0]?.output).toMatch(/refuses|denied/i);
    expect(existsSync(join(workdir, 'note.txt'))).toBe(false);
    expect(ended.status).toBe('ended');
  });

  it("never returns the values of a server's environment through the API", async () => {
    const [listed] = (await engine.api['mcp.list']({})).filter((server) => server.name === 'fix');
    expect(listed).toMatchObject({ envNames: ['FIXTURE_TOKEN'] });
    expect(JSON.stringify(await engine.api['mcp.list']({}))).not.toContain('env:AUTOLOOP_TEST_MCP_TOKEN');
  });

  it('asks before the writing tool with the server, tool and arguments shown, and runs it once allowed', async () => {
    const requested: Array<{ tool: string; summary: string }> = [];
    const unsubscribe = engine.bus.subscribe((event) => {
      if (event.type !== 'approval.requested') return;
      requested.push({ tool: event.approval.tool, summary: event.approval.summary });
      void engine.api['approvals.decide']({ id: event.approval.id, decision: 'allow', scope: 'once' });
    });
    try {
      const { started, workdir } = await run(['fix'], [{ toolCalls: [{ tool: 'mcp__fix__write_note', input: { text: 'from the agent' } }] }], 'ask');
      await engine.supervisor.finished(started.id);
      expect(requested).toEqual([{ tool: 'mcp__fix__write_note', summary: 'MCP server fix, tool write_note {"text":"from the agent"}' }]);
      expect(readFileSync(join(workdir, 'note.txt'), 'utf8')).toBe('from the agent');
    } finally {
      unsubscribe();
    }
  });

  it('lets a rule naming mcp__server__* allow every tool of that server', async () => {
    scripts += 1;
    const model = engine.writeScript(`mcp-rule`, {
      responses: [
        { toolCalls: [{ tool: 'mcp__fix__write_note', input: { text: 'by rule' } }] },
        { toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] },
      ],
    });
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-mcp-work-'));
    const started = await engine.api['runs.start'](
      StartRunParams.parse({
        template: 'mcp-plain',
        model,
        workdir,
        mcp: ['fix'],
        permissions: { profile: 'ask', rules: [{ action: 'allow', tool: 'mcp__fix__*', pattern: '*' }] },
        limits: { maxIterations: 1 },
      }),
    );
    await engine.supervisor.finished(started.id);
    expect(readFileSync(join(workdir, 'note.txt'), 'utf8')).toBe('by rule');
  });

  it('connects to an http server with its sealed header, calls its tool, and never returns the header through the API', async () => {
    const served: ChildProcess = spawn(process.execPath, [FIXTURE, '--http=header-secret-123'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        served.once('error', reject);
        served.stdout?.on('data', (chunk: Buffer) => {
          const match = /listening (\d+)/.exec(chunk.toString());
          if (match) resolve(Number(match[1]));
        });
      });
      const url = `http://127.0.0.1:${port}/mcp`;
      await engine.api['mcp.add']({ name: 'web', config: { transport: 'http', url, headers: { Authorization: 'Bearer header-secret-123' }, enabled: true } });
      expect(JSON.stringify(await engine.api['mcp.list']({}))).not.toContain('header-secret-123');
      const { started } = await run(['web'], [{ toolCalls: [{ tool: 'mcp__web__read_note', input: { name: 'b' } }] }], 'read-only');
      await engine.supervisor.finished(started.id);
      expect(toolResults(await events(started.id), 'mcp__web__read_note')).toEqual([
        { output: 'note b: remember the milk (secret env: none)', isError: false },
      ]);
      // The wrong header is refused by the server: the run is told, and goes on.
      await engine.api['mcp.add']({ name: 'web-wrong', config: { transport: 'http', url, headers: { Authorization: 'Bearer nope' }, enabled: true } });
      const wrong = await run(['web-wrong'], [{ text: 'no tools today' }], 'read-only');
      await engine.supervisor.finished(wrong.started.id);
      const said = notices(await events(wrong.started.id));
      expect(said.join('\n')).toContain('MCP server "web-wrong" could not start: Streamable HTTP error: Error POSTing to endpoint: no or wrong token.');
      expect(said.join('\n'), 'a server that never started is not said to have stopped').not.toContain('"web-wrong" stopped');
    } finally {
      served.kill();
    }
  });

  it('times a hanging call out as a tool error, the run going on, and ends the server with the run', async () => {
    const marker = `--marker=${randomBytes(6).toString('hex')}`;
    await engine.api['mcp.add']({ name: 'slow', config: fixture([marker], { callTimeoutMs: 1_000 }) });
    const { started } = await run(['slow'], [{ toolCalls: [{ tool: 'mcp__slow__hang', input: {} }] }], 'read-only');
    const ended = await engine.supervisor.finished(started.id);
    expect(toolResults(await events(started.id), 'mcp__slow__hang')).toEqual([{ output: 'MCP server "slow", tool hang: timed out after 1 s', isError: true }]);
    expect(ended.stopReason).not.toBe('crash');
    await waitUntil(() => processesWithArgs(FIXTURE, marker).length === 0, 'the MCP server to end with its run', WAIT_MS);
  });

  it('ends a stdio server when the run is stopped mid-call', async () => {
    const marker = `--marker=${randomBytes(6).toString('hex')}`;
    await engine.api['mcp.add']({ name: 'held', config: fixture([marker]) });
    const { started } = await run(['held'], [{ toolCalls: [{ tool: 'mcp__held__hang', input: {} }] }], 'read-only');
    await waitUntil(async () => toolCallsOf(await events(started.id), 'mcp__held__hang') > 0, 'the hanging call', WAIT_MS);
    expect(processesWithArgs(FIXTURE, marker).length).toBeGreaterThan(0); // bwrap and the server inside it
    await engine.api['runs.stop']({ id: started.id });
    await engine.supervisor.finished(started.id);
    await waitUntil(() => processesWithArgs(FIXTURE, marker).length === 0, 'the MCP server to end with the stopped run', WAIT_MS);
  });

  it('notes a server that cannot start, and fails the iteration as mcp_unavailable when every server is down', async () => {
    await engine.api['mcp.add']({ name: 'missing', config: { transport: 'stdio', command: '/nonexistent/mcp-server', enabled: true } });
    const { started } = await run(['missing'], [{ text: 'never asked' }], 'read-only');
    const ended = await engine.supervisor.finished(started.id);
    const all = await events(started.id);
    expect(notices(all).join('\n')).toMatch(/MCP server "missing" could not start: .*The run goes on without its tools\./);
    expect(all.filter((event) => event.kind === 'error').map((event) => event.data.kind)).toContain('mcp_unavailable');
    expect(ended.status).toBe('ended');
  });

  it('skips lines that are not MCP messages and says so', async () => {
    await engine.api['mcp.add']({ name: 'noisy', config: fixture(['--garbage']) });
    const { started } = await run(['noisy'], [{ toolCalls: [{ tool: 'mcp__noisy__read_note', input: { name: 'b' } }] }], 'read-only');
    await engine.supervisor.finished(started.id);
    const all = await events(started.id);
    expect(notices(all).join('\n')).toContain('MCP server "noisy" printed 2 lines on stdout that are not MCP messages; they were skipped.');
    expect(toolResults(all, 'mcp__noisy__read_note')[0]?.output).toContain('remember the milk');
  });

  it('refuses to start a run naming a server that is not configured, and tests a configured one', async () => {
    await expect(
      engine.api['runs.start'](StartRunParams.parse({ template: 'mcp-plain', model: 'scripted/demo-counter', mcp: ['nope'] })),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('There is no MCP server called "nope"'),
    });
    // Claude Code and Codex reach report and complete through a server called autoloop: a person's server of that name is refused for them.
    await engine.api['mcp.add']({ name: 'autoloop', config: fixture() });
    await expect(
      engine.api['runs.start'](StartRunParams.parse({ template: 'mcp-plain', model: 'scripted/demo-counter', mcp: ['autoloop'], agent: 'claude-code' })),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('The MCP server name "autoloop" is reserved in Claude Code runs') });
    await expect(
      engine.api['runs.start'](StartRunParams.parse({ template: 'mcp-plain', model: 'scripted/demo-counter', mcp: ['autoloop'], agent: 'codex' })),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('The MCP server name "autoloop" is reserved in Codex runs') });
    await engine.api['mcp.remove']({ name: 'autoloop' });
    const tested = await engine.api['mcp.test']({ name: 'fix' });
    expect(tested).toMatchObject({
      ok: true,
      tools: [
        expect.objectContaining({ name: 'read_note', readOnly: true }),
        expect.objectContaining({ name: 'write_note', readOnly: false }),
        expect.anything(),
      ],
    });
    expect(await engine.api['mcp.test']({ name: 'missing' })).toMatchObject({ ok: false, message: expect.stringContaining('could not be used') });
    // The tools of the test are kept with the server; a failed test keeps none.
    const listed = await engine.api['mcp.list']({});
    expect(listed.find((server) => server.name === 'fix')).toMatchObject({
      tools: [expect.objectContaining({ name: 'read_note', readOnly: true }), expect.objectContaining({ name: 'write_note' }), expect.anything()],
      testedAt: expect.stringMatching(/^\d{4}-/),
    });
    expect(listed.find((server) => server.name === 'missing')).toMatchObject({ tools: null, testedAt: null });
  });

  it('turns a server off (a run naming it is refused) and edits it keeping the sealed value left out of the patch', async () => {
    await engine.api['mcp.add']({ name: 'edit-me', config: fixture([], { env: { FIXTURE_TOKEN: 'sealed-value-7', OTHER: 'x' } }) });
    await engine.api['mcp.test']({ name: 'edit-me' });
    const off = await engine.api['mcp.update']({ name: 'edit-me', patch: { enabled: false } });
    expect(off.find((server) => server.name === 'edit-me')).toMatchObject({ enabled: false, envNames: ['FIXTURE_TOKEN', 'OTHER'] });
    await expect(
      engine.api['runs.start'](StartRunParams.parse({ template: 'mcp-plain', model: 'scripted/demo-counter', mcp: ['edit-me'] })),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('The MCP server "edit-me" is turned off') });
    // A new command forgets the tools listed from the old one; OTHER is removed, FIXTURE_TOKEN kept.
    const edited = await engine.api['mcp.update']({ name: 'edit-me', patch: { enabled: true, args: [FIXTURE, '--garbage'], env: { OTHER: null } } });
    expect(edited.find((server) => server.name === 'edit-me')).toMatchObject({
      enabled: true,
      envNames: ['FIXTURE_TOKEN'],
      args: [FIXTURE, '--garbage'],
      tools: null,
    });
    await expect(engine.api['mcp.update']({ name: 'edit-me', patch: { transport: 'http' } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('an http MCP server needs a url'),
    });
    await expect(engine.api['mcp.update']({ name: 'nope', patch: { enabled: true } })).rejects.toMatchObject({ code: 'not_found' });
    const { started } = await run(['edit-me'], [{ toolCalls: [{ tool: 'mcp__edit-me__read_note', input: { name: 'b' } }] }], 'read-only');
    await engine.supervisor.finished(started.id);
    expect(toolResults(await events(started.id), 'mcp__edit-me__read_note')).toEqual([
      { output: 'note b: remember the milk (secret env: sealed-value-7)', isError: false },
    ]);
  });
});

function toolCallsOf(all: ReadonlyArray<RunEvent>, tool: string): number {
  return all.filter((event) => event.kind === 'tool_call' && event.data.tool === tool).length;
}
