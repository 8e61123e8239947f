import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../src/core/api/dispatch';
import { type Engine, type EngineOptions, createEngine } from '../../src/core/create-engine';
import { createMemoryLogger } from '../../src/core/logger';
import { createNodeRunnerHost } from '../../src/core/runner-host/node-runner-host';
import { type RunnerHost, compileCacheDirOf } from '../../src/core/runner-host/runner-host';
import type { ApiMethod, ApiParams, ApiPushEvent, ApiResult } from '../../src/shared/api';
import type { ScriptedScript } from '../../src/shared/scripted-script';
import { RESOURCES_DIR, RUNNER_ENTRY } from './paths';

export type BenchEngine = Engine & {
  log: ReturnType<typeof createMemoryLogger>;
  /** Writes a scripted model's script into the data folder; returns the model id that plays it. */
  writeScript(name: string, script: Partial<ScriptedScript> & Pick<ScriptedScript, 'responses'>): string;
  /** Calls the API as both shells do (params parsed by `dispatch`); throws on `{error}`. */
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  /** A read-only connection to the engine's database file, for figures the API does not give (opened on first use). */
  database(): Database.Database;
  /** Resolves with the first pushed event `accept` returns true for. */
  waitFor(what: string, accept: (event: ApiPushEvent) => boolean, timeoutMs?: number): Promise<ApiPushEvent>;
  dispose(): Promise<void>;
};

/** A real engine on a temp data folder, with real runner processes (and their compile cache in it, as the shells do) unless `host` says otherwise. */
export function createBenchEngine(options: Readonly<{ host?: RunnerHost; dataDir?: string; supervisor?: EngineOptions['supervisor'] }> = {}): BenchEngine {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'autoloop-bench-'));
  const log = createMemoryLogger();
  let reader: Database.Database | null = null;
  const database = (): Database.Database => (reader ??= new Database(join(dataDir, 'autoloop.db'), { readonly: true, fileMustExist: true }));
  const engine = createEngine({
    dataDir,
    resourcesDir: RESOURCES_DIR,
    host: options.host ?? createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY, compileCacheDir: compileCacheDirOf(dataDir) }),
    log,
    shell: 'embedded',
    version: 'bench',
    ...(options.supervisor ? { supervisor: options.supervisor } : {}),
  });
  // The benchmarks start dozens of runs at once on purpose: no concurrency cap (the settings write is done before this returns).
  void engine.api['settings.set']({ concurrency: { maxConcurrentRuns: 0 } });
  return {
    ...engine,
    log,
    database,
    writeScript(name, script) {
      const path = join(dataDir, `${name}.json`);
      writeFileSync(path, JSON.stringify({ whenExhausted: 'repeat-last', ...script }));
      return `scripted/${path}`;
    },
    async call(method, params) {
      const response = await dispatch(engine.api, method, params, log);
      if (!response.ok) throw new Error(`${method} failed: ${response.error.code}: ${response.error.message}`);
      return response.value as ApiResult<typeof method>;
    },
    waitFor(what, accept, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          const errors = database().prepare("SELECT run_id AS runId, data FROM events WHERE kind = 'error' LIMIT 3").all();
          reject(new Error(`bench: no ${what} within ${timeoutMs} ms\n${log.lines.slice(-20).join('\n')}\n${JSON.stringify(errors, null, 1)}`));
        }, timeoutMs);
        const unsubscribe = engine.bus.subscribe((event) => {
          if (!accept(event)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(event);
        });
      });
    },
    async dispose() {
      // Closing pauses what still runs (`shutdown`); no bench reads a run after its dispose.
      await engine.close();
      reader?.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A script entry that reports a summary (one model call) followed by a closing text (a second call). */
export function reportingIteration(summary: string, delayMs = 0): ScriptedScript['responses'] {
  return [
    { ...(delayMs ? { delayMs } : {}), text: `Working: ${summary}`, toolCalls: [{ tool: 'report', input: { summary } }] },
    { text: 'Done for this iteration.' },
  ];
}

/** A looping script whose summaries differ from one iteration to the next, so stagnation never stops it. */
export function variedLoopScript(count = 12): Pick<ScriptedScript, 'responses' | 'whenExhausted'> {
  return { responses: Array.from({ length: count }, (_, index) => reportingIteration(`Step ${index + 1} of the bench loop.`)).flat(), whenExhausted: 'loop' };
}

export const isIterationDone =
  (runId: string, n?: number) =>
  (event: ApiPushEvent): boolean =>
    event.type === 'run.iteration' && event.iteration.runId === runId && event.iteration.status !== 'running' && (n === undefined || event.iteration.n === n);

export const isRunEnded =
  (runId: string) =>
  (event: ApiPushEvent): boolean =>
    event.type === 'run.updated' && event.run.id === runId && event.run.status === 'ended';

/** Kilobytes of a /proc/<pid>/status field (VmRSS, VmHWM), or null when the process is gone. */
export function procStatusKiB(pid: number, field: string): number | null {
  try {
    const status = readProc(`/proc/${pid}/status`);
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Proportional set size (shared pages split between the processes sharing them), in KiB, or null. */
export function pssKiB(pid: number): number | null {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readProc(`/proc/${pid}/smaps_rollup`));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** CPU time the runner's main thread has used so far, in ms (/proc/<pid>/schedstat, ns precision): what the machine's load does not stretch. */
export function mainThreadCpuMs(pid: number): number {
  try {
    return Number(readProc(`/proc/${pid}/schedstat`).split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

function readProc(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Every live process whose ancestry reaches `root`, with its command name. */
export function descendantsOf(root: number): Array<{ pid: number; comm: string }> {
  const parentOf = new Map<number, { ppid: number; comm: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readProc(`/proc/${entry}/stat`);
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      parentOf.set(Number(entry), { ppid, comm });
    } catch {
      // the process ended while we looked
    }
  }
  const found: Array<{ pid: number; comm: string }> = [];
  for (const [pid, { comm }] of parentOf) {
    let cursor = parentOf.get(pid)?.ppid;
    for (let depth = 0; cursor !== undefined && cursor > 1 && depth < 20; depth += 1) {
      if (cursor === root) {
        found.push({ pid, comm });
        break;
      }
      cursor = parentOf.get(cursor)?.ppid;
    }
  }
  return found;
}
