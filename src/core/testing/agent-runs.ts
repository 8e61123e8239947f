import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { AGENT_LABELS } from '../../shared/agents';
import type { ExternalAgent } from '../../shared/agents-api';
import { StartRunParams } from '../../shared/api';
import { commandLinesIn, processesIn } from '../../testing/processes';
import { AGENT_COMMANDS } from '../agents/agent-path';
import { type TempEngine, createTempEngine, isProcessAlive } from './temp-engine';
import { waitUntil } from './wait-until';

/** A fake model service an agent calls itself: its base URL goes into the run's provider. */
export type AgentModelServer = Readonly<{
  baseUrl: string;
  requests: ReadonlyArray<unknown>;
  /** Requests that were not the agent's turn. */
  sideRequests(): ReadonlyArray<string>;
  close(): Promise<void>;
}>;

/** What a test of one agent's runs through the engine works with: the engine, its fake model server, the working folder. */
export type AgentRunSetup = Readonly<{ engine: TempEngine; server: AgentModelServer; workdir: string }>;

/** How one external agent's runs reach the fake model service: the provider it is given and the model a run names. */
export type AgentRunsOptions = Readonly<{ agent: ExternalAgent; provider: 'anthropic' | 'openai'; model: string }>;

/** The provider name each test run's model goes through (the model ids name it: `claude/…`, `oai/…`). */
const PROVIDER_NAMES = { anthropic: 'claude', openai: 'oai' } as const;

/**
 * The set-up the engine-level tests of Claude Code and Codex share: a temp engine whose provider is a fake model server,
 * a fresh working folder, the run parameters they start from, and one `dispose` for the end of the file that ends every
 * engine and server and returns the runner pids still alive (expected none).
 */
export function agentRuns(options: AgentRunsOptions) {
  const engines: TempEngine[] = [];
  const servers: AgentModelServer[] = [];
  const providerName = PROVIDER_NAMES[options.provider];
  if (!options.model.startsWith(`${providerName}/`)) throw new Error(`agentRuns: the model must be ${providerName}/<model>, not ${options.model}`);
  const params = (workdir: string, overrides: Omit<StartRunParams, 'template'> = {}) =>
    StartRunParams.parse({
      template: 'demo-counter',
      agent: options.agent,
      model: options.model,
      workdir,
      isolation: 'none',
      permissions: { profile: 'trusted' },
      ...overrides,
    });
  return {
    /** A fresh working folder and a temp engine whose provider is the server `start` starts for it (both ended by `dispose`). */
    async engineWith<S extends AgentModelServer>(start: (workdir: string) => Promise<S>): Promise<{ engine: TempEngine; server: S; workdir: string }> {
      const workdir = mkdtempSync(join(tmpdir(), `autoloop-${options.agent}-run-`));
      const server = await start(workdir);
      servers.push(server);
      const engine = createTempEngine();
      engines.push(engine);
      const apiKey = options.provider === 'anthropic' ? 'sk-ant-fake-key' : 'sk-openai-fake-key';
      await engine.api['providers.set']({ name: providerName, config: { type: options.provider, baseUrl: server.baseUrl, apiKey } });
      return { engine, server, workdir };
    },
    /** A run of this agent in `workdir` (trusted, no isolation) on the demo template, with `overrides`. */
    params,
    /**
     * A run whose script writes `one` then `two` into notes.txt, reporting each, and completes at the third iteration:
     * it ends completed after three iterations with those summaries and the tool calls `calls` in its log, each with a
     * result, and nothing but turns asked of the server. Returns the run for the agent's own accounting checks.
     */
    async completesOverThreeIterations({ engine, server, workdir }: AgentRunSetup, calls: ReadonlyArray<string>) {
      const started = await engine.api['runs.start'](params(workdir, { loop: { intervalMs: 0 } }));
      expect(started.agent).toBe(options.agent);
      const run = await engine.supervisor.finished(started.id);
      expect(run).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 3, agent: options.agent });
      expect(readFileSync(join(workdir, 'notes.txt'), 'utf8')).toBe('one\ntwo\n');
      const iterations = await engine.api['runs.iterations']({ id: started.id });
      expect(iterations.map((iteration) => iteration.summary)).toEqual(['Wrote notes.txt.', 'Appended two.', 'Finished.']);
      const { events } = await engine.api['runs.events']({ id: started.id, afterSeq: 0, limit: 1_000 });
      expect(events.filter((event) => event.kind === 'tool_call').map((event) => (event.data as { tool: string }).tool)).toEqual(calls);
      expect(events.filter((event) => event.kind === 'tool_result')).toHaveLength(calls.length);
      expect(server.sideRequests()).toEqual([]);
      return run;
    },
    /**
     * A run of two iterations on a 200-token budget pauses after the first (`whilePaused` looks at it then), and resumed
     * with more ends on its iteration limit after the second. Returns the run's id and record.
     */
    async pausesOnBudgetAndResumes({ engine, workdir }: AgentRunSetup, whilePaused: (runId: string) => void = () => undefined) {
      const started = await engine.api['runs.start'](params(workdir, { loop: { intervalMs: 0 }, limits: { maxTokens: 200, maxIterations: 2 } }));
      await waitUntil(async () => (await engine.api['runs.get']({ id: started.id })).status === 'paused');
      expect(await engine.api['runs.get']({ id: started.id })).toMatchObject({ pauseReason: 'budget', iterations: 1 });
      whilePaused(started.id);
      await engine.api['runs.resume']({ id: started.id, limits: { maxTokens: 10_000, maxIterations: 2 } });
      const run = await engine.supervisor.finished(started.id);
      expect(run).toMatchObject({ stopReason: 'iteration_limit', iterations: 2 });
      return { id: started.id, run };
    },
    /**
     * A stop while the agent waits on a model answer that never comes (`server` must hang its first answer) ends the run
     * as the person's stop and leaves no process in the working folder. Returns the run's id.
     */
    async stopsInTheMiddleOfATurn({ engine, server, workdir }: AgentRunSetup): Promise<string> {
      const started = await engine.api['runs.start'](params(workdir));
      await waitUntil(() => server.requests.length === 1);
      expect(processesIn(workdir).length).toBeGreaterThan(0);
      await engine.api['runs.stop']({ id: started.id });
      expect(await engine.supervisor.finished(started.id)).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
      await waitUntil(() => processesIn(workdir).length === 0);
      return started.id;
    },
    /** Ends every engine and server; the runner pids still alive after (expected none). */
    async dispose(): Promise<number[]> {
      const pids = engines.flatMap((engine) => engine.pids);
      await Promise.all(engines.map((engine) => engine.dispose()));
      await Promise.all(servers.map((server) => server.close()));
      return pids.filter(isProcessAlive);
    },
  };
}

/**
 * The binary chosen in settings, as a run sees it: with a symbolic link to `bundled` chosen, a run starts the link (seen in
 * /proc among the processes in its working folder) and, stopped, leaves none behind; with the link gone, the next run ends
 * `spawn_failed` naming it and what to do. `server` must hang its first answer and is asked once.
 */
export async function checkChosenBinary(
  agent: ExternalAgent,
  bundled: string,
  setup: Readonly<{ engine: TempEngine; server: AgentModelServer; params: ReturnType<typeof StartRunParams.parse> }>,
): Promise<void> {
  const { engine, server, params } = setup;
  const workdir = params.workdir;
  if (workdir === undefined) throw new Error('checkChosenBinary: the run needs a working folder to find its processes by');
  const link = join(mkdtempSync(join(tmpdir(), `autoloop-chosen-${agent}-`)), `my-${AGENT_COMMANDS[agent]}`);
  symlinkSync(bundled, link);
  expect(await engine.api['agents.setPath']({ agent, path: link })).toMatchObject({ source: 'settings', path: link });

  const started = await engine.api['runs.start'](params);
  await waitUntil(() => server.requests.length === 1);
  // The agent process answering the fake server was started as the chosen path.
  expect(commandLinesIn(workdir).map((argv) => argv[0])).toContain(link);
  await engine.api['runs.stop']({ id: started.id });
  expect(await engine.supervisor.finished(started.id)).toMatchObject({ stopReason: 'user_stop' });
  await waitUntil(() => processesIn(workdir).length === 0, `the chosen ${AGENT_LABELS[agent]} to end`);

  rmSync(link);
  const again = await engine.supervisor.finished((await engine.api['runs.start'](params)).id);
  expect(again).toMatchObject({ status: 'ended', stopReason: 'spawn_failed', iterations: 0 });
  expect(again?.detail).toContain(`The ${AGENT_COMMANDS[agent]} chosen in settings, ${link}, is not there or not executable.`);
  expect(again?.detail).toContain(`autoloop agents set-path ${agent} PATH`);
  expect(server.requests).toHaveLength(1);
}
