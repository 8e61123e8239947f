import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ScriptedScript } from '../../shared/scripted-script';
import type { Engine, EngineInternals, EngineOptions } from '../create-engine';
import { createInspectedEngine } from './inspected-engine';
import { createMemoryLogger } from '../logger';
import { createNodeRunnerHost } from '../runner-host/node-runner-host';
import type { RunnerHost } from '../runner-host/runner-host';

/** The repository root, from this file (src/core/testing). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
/** Small runner programs that misbehave on purpose, for the supervisor's tests. */
export const FIXTURES_DIR = join(REPO_ROOT, 'src', 'core', 'testing', 'fixtures');
/** The built runner bundle; `npm run test:unit` builds it first. */
export const RUNNER_ENTRY = join(REPO_ROOT, 'out', 'main', 'runner.js');
/** The built worker that reads large API frames; used when the build made it (`npx electron-vite build`). */
export const BUNDLE_WORKER_ENTRY = join(REPO_ROOT, 'out', 'main', 'bundle-frame-worker.js');
export const RESOURCES_DIR = join(REPO_ROOT, 'resources');

/**
 * The options of an embedded engine on a data folder a test prepared (a database a crash left, looser rights): the
 * repository's resources, real runner processes from the built runner, a memory log.
 */
export function embeddedEngineOptions(dataDir: string): Omit<EngineOptions, 'inspect'> {
  return {
    dataDir,
    resourcesDir: RESOURCES_DIR,
    host: createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY }),
    log: createMemoryLogger(),
    shell: 'embedded',
    version: 'test',
  };
}

/** A test engine shows its parts (the supervisor, the database) beside what the shells see. */
export type TempEngine = Engine &
  EngineInternals & {
    log: ReturnType<typeof createMemoryLogger>;
    /** Every runner pid this engine started, to prove none outlives the test. */
    pids: number[];
    /** Writes a scripted model script into the temp folder; returns the model id that plays it. */
    writeScript(name: string, script: Partial<ScriptedScript> & Pick<ScriptedScript, 'responses'>): string;
    dispose(): Promise<void>;
  };

/** A real engine on a temp data folder with real runner processes; only the model is scripted. */
export function createTempEngine(
  options: Readonly<{
    supervisor?: EngineOptions['supervisor'];
    host?: RunnerHost;
    runnerEntry?: string;
    dataDir?: string;
    sandbox?: EngineOptions['sandbox'];
    /** Let schedules start runs (an embedded engine does not by default). */
    runSchedules?: boolean;
    scheduleWakeLatenessMs?: number;
  }> = {},
): TempEngine {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'autoloop-test-'));
  const log = createMemoryLogger();
  const pids: number[] = [];
  const inner = options.host ?? createNodeRunnerHost({ runnerEntry: options.runnerEntry ?? RUNNER_ENTRY });
  const host: RunnerHost = {
    start(runId, startOptions) {
      const connection = inner.start(runId, startOptions);
      pids.push(connection.pid);
      return connection;
    },
    close: async () => inner.close?.(),
  };
  const engine = createInspectedEngine({
    dataDir,
    resourcesDir: RESOURCES_DIR,
    host,
    log,
    shell: 'embedded',
    version: 'test',
    ...(options.supervisor ? { supervisor: options.supervisor } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.runSchedules ? { runSchedules: true } : {}),
    ...(options.scheduleWakeLatenessMs === undefined ? {} : { scheduleWakeLatenessMs: options.scheduleWakeLatenessMs }),
    ...(existsSync(BUNDLE_WORKER_ENTRY) ? { bundleWorkerEntry: BUNDLE_WORKER_ENTRY } : {}),
  });
  return {
    ...engine,
    log,
    pids,
    writeScript(name, script) {
      const path = join(dataDir, `${name}.json`);
      writeFileSync(path, JSON.stringify({ whenExhausted: 'repeat-last', ...script }));
      return `scripted/${path}`;
    },
    async dispose() {
      await engine.supervisor.stopAll('user_stop');
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { isProcessAlive } from '../data-folder/pid-file';

/** A script entry that reports a summary (one model call) followed by a closing text (a second call). */
export function reportingIteration(summary: string, delayMs = 0): ScriptedScript['responses'] {
  return [
    { ...(delayMs ? { delayMs } : {}), text: `Working: ${summary}`, toolCalls: [{ tool: 'report', input: { summary } }] },
    { text: 'Done for this iteration.' },
  ];
}
