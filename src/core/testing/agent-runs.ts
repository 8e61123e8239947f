import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
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
export type AgentModelServer = Readonly<{ baseUrl: string; requests: ReadonlyArray<unknown>; close(): Promise<void> }>;

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
    params(workdir: string, overrides: Omit<StartRunParams, 'template'> = {}) {
      return StartRunParams.parse({
        template: 'demo-counter',
        agent: options.agent,
        model: options.model,
        workdir,
        isolation: 'none',
        permissions: { profile: 'trusted' },
        ...overrides,
      });
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
