import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Unsubscribe } from '../../shared/channel';
import type { SupervisorMessage } from '../../shared/protocol';

/** How a runner process ended, as the operating system tells it. The supervisor decides clean or crash. */
export type ProcessExit = Readonly<{ code: number | null; signal: string | null; stderrTail: string }>;

/** One live runner process (DESIGN §2). */
export interface RunnerConnection {
  readonly pid: number;
  send(message: SupervisorMessage): void;
  onMessage(listener: (message: unknown) => void): Unsubscribe;
  /**
   * Signals the runner and every process it started: tools die with it. The Node host signals the
   * runner's own process group; the Electron host, whose runner cannot lead a group, its process tree.
   */
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Settles once, after the process is gone and every queued message was delivered. */
  readonly exited: Promise<ProcessExit>;
  /** The last 8 KiB the runner wrote to stdout and stderr. */
  stderrTail(): string;
}

/** Starts runner processes: `NodeRunnerHost` in Node, `ElectronRunnerHost` in Electron. */
export interface RunnerHost {
  /**
   * Starts a runner for `runId`. With `spare`, a runner whose run is not known yet (`keepingASpare`): it loads the
   * whole runner and waits for `init` without a deadline; `runId` then only names it.
   */
  start(runId: string, options?: Readonly<{ spare?: boolean }>): RunnerConnection;
  /** Ends what the host keeps between runs (a spare runner); the engine calls it when it closes. */
  close?(): Promise<void>;
}

export const OUTPUT_TAIL_BYTES = 8 * 1024;

/**
 * V8 flags every runner starts with, whichever host starts it.
 * - A regular expression that backtracks past V8's limit falls back to the linear-time engine, so
 *   an agent's `grep` pattern such as `(a+)+$` cannot hang the runner's event loop for minutes (the
 *   linear engine does not cover the `i`, `u`, `v` and `d` flags, lookarounds or back-references:
 *   those still backtrack; grep folds case by hand for that reason, see case-fold-pattern.ts).
 * - WebAssembly stays on V8's baseline compiler: the only WebAssembly a runner runs is the HTTP
 *   parser of Node's fetch, and optimizing it cost an idle runner ~13 MiB RSS that was never given
 *   back, for parsing a few kilobytes per model call.
 * - A 1 MiB young generation (the default grows to 8 MiB and stays there): an idle runner keeps
 *   ~6 MiB less, for more frequent, smaller scavenges.
 */
export const RUNNER_V8_FLAGS: readonly string[] = ['--enable-experimental-regexp-engine-on-excessive-backtracks', '--liftoff-only', '--max-semi-space-size=1'];

/** Keeps the last `limit` characters of a process's output. */
export function createOutputTail(limit = OUTPUT_TAIL_BYTES): { append(chunk: string): void; text(): string } {
  let tail = '';
  return {
    append(chunk) {
      tail = (tail + chunk).slice(-limit);
    },
    text: () => tail,
  };
}

/** Provider keys, anything named like a secret, and the CLI's engine credentials (AUTOLOOP_TOKEN, AUTOLOOP_APPROVER_CODE: issue #25). */
const SECRET_NAME = /(^|_)(API_KEY|SECRET|TOKEN|PASSWORD)$|^(ANTHROPIC|OPENAI|OPENROUTER|DEEPSEEK)_|^AUTOLOOP_(APPROVER_CODE|ENGINE)$/i;

/** The runner's environment: the engine's, minus provider keys and other secrets (those travel in `init`). */
export function runnerEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && !SECRET_NAME.test(entry[0])));
}

/** Where the runners' compile cache lives in a data folder (DESIGN §13). */
export function compileCacheDirOf(dataDir: string): string {
  return join(dataDir, 'cache', 'compile');
}

/**
 * The compile-cache folder for the runner's arguments: made once (mode 0700, like every folder in
 * the data folder) on the first start. Undefined when none was asked for or it cannot be made: the
 * runner then starts without a cache, only slower.
 */
export function compileCacheFolder(dir: string | undefined): () => string | undefined {
  let ready: string | undefined;
  let tried = false;
  return () => {
    if (!tried && dir) {
      tried = true;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        ready = dir;
      } catch {
        ready = undefined;
      }
    }
    return ready;
  };
}
