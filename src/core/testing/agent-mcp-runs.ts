import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AGENT_LABELS } from '../../shared/agents';
import type { ExternalAgent } from '../../shared/agents-api';
import { StartRunParams } from '../../shared/api';
import type { PermissionProfile, PermissionRule, RunEvent } from '../../shared/records';
import { useAgentHome } from '../../testing/agent-home';
import { processesWithArgs } from '../../testing/processes';
import type { AgentModelServer } from './agent-runs';
import { REPO_ROOT, type TempEngine, createTempEngine, isProcessAlive } from './temp-engine';
import { waitUntil } from './wait-until';

/** The MCP server the tests run: `read_note`, `write_note` (writes note.txt in its working folder) and `hang`. */
export const MCP_FIXTURE = join(REPO_ROOT, 'e2e', 'fixtures', 'mcp-fixture-server.mjs');
const WAIT_MS = 20_000;

/** A fake model service that records the agent's turn requests. */
type ModelServer = AgentModelServer & Readonly<{ requests: Array<Record<string, unknown>> }>;

/** How one external agent's MCP runs are scripted: its fake model service, a tool call in its protocol, what it offered. */
export type McpAgentKit<Answer extends Readonly<{ text?: string }>> = Readonly<{
  agent: ExternalAgent;
  provider: 'anthropic' | 'openai';
  /** The model id the run names under its provider. */
  model: string;
  startServer(answers: ReadonlyArray<Answer>): Promise<ModelServer>;
  call(name: string, input: unknown): Answer;
  /** The tools one turn request offered, by name, each with its JSON Schema. */
  offeredTools(request: Record<string, unknown> | undefined): Map<string, unknown>;
  /** The agent asks only for the MCP server's tools (not also for its own): the approvals are those alone. */
  asksOnlyForServerTools: boolean;
}>;

/** More of a run's permissions than its profile, and how many iterations it may take (1 unless said). */
export type McpRunOptions = Readonly<{
  rules?: PermissionRule[];
  approvalTimeoutMs?: number;
  onApprovalTimeout?: 'pause';
  maxIterations?: number;
}>;

/**
 * One test file's engine for MCP runs of `kit.agent`: the agent's own home for the file, a temp engine, and the runs it
 * starts (one iteration, the demo template, no isolation), each with a fresh working folder and its own provider whose
 * fake model server plays the answers. At the end every engine and server is ended and no runner may be left.
 */
export function mcpRuns<Answer extends Readonly<{ text?: string }>>(kit: McpAgentKit<Answer>) {
  useAgentHome(kit.agent);
  let engine: TempEngine | undefined;
  const servers: ModelServer[] = [];
  beforeAll(() => {
    engine = createTempEngine();
  });
  afterAll(async () => {
    const pids = engine?.pids ?? [];
    await engine?.dispose();
    await Promise.all(servers.map((server) => server.close()));
    expect(pids.filter(isProcessAlive)).toEqual([]);
  });
  const prefix = kit.provider === 'anthropic' ? 'claude' : 'oai';
  const apiKey = kit.provider === 'anthropic' ? 'sk-ant-fake-key' : 'sk-openai-fake-key';
  const the = (): TempEngine => {
    if (!engine) throw new Error('mcpRuns: the engine starts in beforeAll; use it inside a test');
    return engine;
  };

  return {
    engine: the,
    /** Starts a run with the given MCP servers, its model turns scripted by a fresh fake model server. */
    async start(mcp: string[], answers: ReadonlyArray<Answer>, profile: PermissionProfile, options: McpRunOptions = {}) {
      const { maxIterations = 1, rules = [], ...more } = options;
      const workdir = mkdtempSync(join(tmpdir(), `autoloop-mcp-${kit.agent}-`));
      const server = await kit.startServer(answers);
      servers.push(server);
      const provider = `${prefix}${servers.length}`;
      await the().api['providers.set']({ name: provider, config: { type: kit.provider, baseUrl: server.baseUrl, apiKey } });
      const started = await the().api['runs.start'](
        StartRunParams.parse({
          template: 'demo-counter',
          agent: kit.agent,
          model: `${provider}/${kit.model}`,
          workdir,
          isolation: 'none',
          mcp,
          loop: { intervalMs: 0 },
          limits: { maxIterations },
          permissions: { profile, rules, ...more },
        }),
      );
      return { started, server, workdir };
    },
    /** The run's log. */
    async events(runId: string): Promise<RunEvent[]> {
      return (await the().api['runs.events']({ id: runId, afterSeq: 0, limit: 1_000 })).events;
    },
    /** Adds the fixture server under `name`, marked so its processes can be found; returns the mark. */
    async addFixture(name: string, more: Readonly<{ callTimeoutMs?: number }> = {}): Promise<string> {
      const marker = `--marker=${randomBytes(6).toString('hex')}`;
      await the().api['mcp.add']({ name, config: { transport: 'stdio', command: process.execPath, args: [MCP_FIXTURE, marker], enabled: true, ...more } });
      return marker;
    },
    /** Resolves once every fixture server process marked `marker` has ended. */
    async fixtureEnded(marker: string): Promise<void> {
      await waitUntil(() => processesWithArgs(MCP_FIXTURE, marker).length === 0, 'the MCP server to end with its run', WAIT_MS);
    },
    /** Answers every approval the engine asks with "allow once", recording the tool and summary; returns the stop. */
    allowEveryApproval(requested: Array<{ tool: string; summary: string }>): () => void {
      return the().bus.subscribe((event) => {
        if (event.type !== 'approval.requested') return;
        requested.push({ tool: event.approval.tool, summary: event.approval.summary });
        void the().api['approvals.decide']({ id: event.approval.id, decision: 'allow', scope: 'once' });
      });
    },
  };
}

/** The log's events of one kind for one tool. */
export const ofKind = (all: ReadonlyArray<RunEvent>, kind: string, tool: string): RunEvent[] =>
  all.filter((event) => event.kind === kind && event.data.tool === tool);

/** The log's notices, one a line. */
export const notices = (all: ReadonlyArray<RunEvent>): string =>
  all
    .filter((event) => event.kind === 'notice')
    .map((event) => String(event.data.message))
    .join('\n');

/**
 * The MCP scenarios that are the same for every external agent, as tests of the calling `describe`: the tools offered
 * with their schemas, a read-only call run and a writing one refused under read-only, an approval asked and allowed, a
 * call that times out, and a server that cannot start.
 */
export function mcpScenarios<Answer extends Readonly<{ text?: string }>>(kit: McpAgentKit<Answer>, runs: ReturnType<typeof mcpRuns<Answer>>): void {
  const label = AGENT_LABELS[kit.agent];
  const { call } = kit;

  it('offers the tools with their schemas, runs a read-only one with the server named in the log, refuses the writing one under read-only, and ends the server with the run', async () => {
    const marker = await runs.addFixture('fix');
    const { started, server, workdir } = await runs.start(
      ['fix'],
      [
        call('mcp__fix__read_note', { name: 'a' }),
        call('mcp__fix__write_note', { text: 'hello' }),
        call('mcp__autoloop__complete', { reason: 'read the note' }),
        { text: 'Finished.' } as Answer,
      ],
      'read-only',
    );
    expect(started).toMatchObject({ agent: kit.agent, mcp: ['fix'] });
    const run = await runs.engine().supervisor.finished(started.id);
    const all = await runs.events(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
    expect(notices(all)).toContain('MCP server "fix" started with 3 tools: mcp__fix__read_note, mcp__fix__write_note, mcp__fix__hang');

    // The agent offered the server's tools under their MCP names with the server's own JSON Schema.
    const offered = kit.offeredTools(server.requests[0]);
    expect(offered.get('mcp__fix__read_note')).toMatchObject({ properties: { name: { type: 'string' } } });
    expect([...offered.keys()]).toContain('mcp__fix__write_note');

    expect(ofKind(all, 'tool_call', 'mcp__fix__read_note').map((event) => event.data.input)).toEqual([{ name: 'a' }]);
    expect(ofKind(all, 'tool_result', 'mcp__fix__read_note').map((event) => [event.data.output, event.data.isError])).toEqual([
      ['note a: remember the milk (secret env: none)', false],
    ]);
    const refused = ofKind(all, 'tool_result', 'mcp__fix__write_note');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.data).toMatchObject({ isError: true });
    expect(String(refused[0]?.data.output)).toMatch(/denied by the run's permissions \(read-only\)/);
    expect(existsSync(join(workdir, 'note.txt'))).toBe(false);

    await runs.fixtureEnded(marker);
  }, 120_000);

  it(`asks before the writing tool with the server, tool and arguments shown,${kit.asksOnlyForServerTools ? ' once,' : ''} and runs it once allowed`, async () => {
    const requested: Array<{ tool: string; summary: string }> = [];
    const unsubscribe = runs.allowEveryApproval(requested);
    try {
      const text = `from ${kit.agent}`;
      const { started, workdir } = await runs.start(
        ['fix'],
        [call('mcp__fix__write_note', { text }), call('mcp__autoloop__complete', { reason: 'wrote it' }), { text: 'Finished.' } as Answer],
        'ask',
      );
      const run = await runs.engine().supervisor.finished(started.id);
      expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
      const asked = kit.asksOnlyForServerTools ? requested : requested.filter((request) => request.tool.startsWith('mcp__fix__'));
      expect(asked).toEqual([{ tool: 'mcp__fix__write_note', summary: `MCP server fix, tool write_note {"text":"${text}"}` }]);
      expect(readFileSync(join(workdir, 'note.txt'), 'utf8')).toBe(text);
      expect(ofKind(await runs.events(started.id), 'tool_result', 'mcp__fix__write_note').map((event) => event.data.isError)).toEqual([false]);
    } finally {
      unsubscribe();
    }
  }, 120_000);

  it(`gives ${label} a tool error when a call times out, and the run goes on to complete`, async () => {
    const marker = await runs.addFixture('slow', { callTimeoutMs: 1_000 });
    const { started } = await runs.start(
      ['slow'],
      [call('mcp__slow__hang', {}), call('mcp__autoloop__complete', { reason: 'the server hung' }), { text: 'Finished.' } as Answer],
      'read-only',
    );
    const run = await runs.engine().supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
    expect(ofKind(await runs.events(started.id), 'tool_result', 'mcp__slow__hang').map((event) => [event.data.output, event.data.isError])).toEqual([
      ['MCP server "slow", tool hang: timed out after 1 s', true],
    ]);
    await runs.fixtureEnded(marker);
  }, 120_000);

  it(`notes a server that cannot start, and fails the iteration as mcp_unavailable without starting ${label} when every server is down`, async () => {
    await runs.engine().api['mcp.add']({ name: 'missing', config: { transport: 'stdio', command: '/nonexistent/mcp-server', enabled: true } });
    const { started, server } = await runs.start(['missing'], [{ text: 'never asked' } as Answer], 'read-only');
    const run = await runs.engine().supervisor.finished(started.id);
    const all = await runs.events(started.id);
    expect(notices(all)).toMatch(/MCP server "missing" could not start: .*The run goes on without its tools\./);
    expect(all.filter((event) => event.kind === 'error').map((event) => event.data.kind)).toEqual(['mcp_unavailable']);
    expect(run).toMatchObject({ status: 'ended', iterations: 1 });
    expect(server.requests).toEqual([]);
  }, 120_000);
}
