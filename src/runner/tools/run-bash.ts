import { spawn } from 'node:child_process';
import { type OutputCollector, createOutputCollector } from './output-cap';
import { type GroupStop, stopProcessGroup, trackProcessGroup } from './process-group';

/** How much of the start of a command's output is kept. */
export const BASH_OUTPUT_HEAD_BYTES = 20 * 1024;
/** How much of the end of a command's output is kept. */
export const BASH_OUTPUT_TAIL_BYTES = 20 * 1024;
/** After the group is gone, how long to wait for the pipes to drain (a process that left the group may hold them). */
export const OUTPUT_DRAIN_MS = 1_000;

/** How a command ended. */
export type BashEnding = Readonly<{ kind: 'exit'; code: number | null; signal: NodeJS.Signals | null }> | Readonly<{ kind: 'timeout'; timeoutMs: number }>;

/** What a command printed (stdout and stderr interleaved, capped), how it ended, and whether it left processes behind. */
export type BashRun = Readonly<{ output: string; ending: BashEnding; leftovers: GroupStop }>;

/** Where and how long a command runs, with which environment, and the signal that aborts it. */
export type BashOptions = Readonly<{
  cwd: string;
  env: Readonly<Record<string, string>>;
  timeoutMs: number;
  signal: AbortSignal;
  /** The program that runs `/bin/bash -c command` for us (the run's sandbox, e.g. bwrap); bash itself when absent. */
  program?: Readonly<{ file: string; args: ReadonlyArray<string> }>;
}>;

function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

function abortError(): Error {
  const error = new Error('bash: the iteration was aborted; the command and everything it started were stopped');
  error.name = 'AbortError';
  return error;
}

function collect(collector: OutputCollector, stream: NodeJS.ReadableStream | null): void {
  stream?.on('data', (chunk: Buffer) => collector.push(chunk));
}

/**
 * Runs `/bin/bash -c command` in its own process group with stdin from /dev/null. On timeout or abort the whole group
 * is stopped (SIGTERM, then SIGKILL), and so is anything the command left running in the background when it exits.
 * Rejects with an AbortError when `signal` aborts.
 */
export async function runBash(command: string, options: BashOptions): Promise<BashRun> {
  if (options.signal.aborted) throw abortError();
  const program = options.program ?? { file: '/bin/bash', args: ['-c', command] };
  const child = spawn(program.file, program.args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => reject(new Error(`bash: could not start ${program.file} in ${options.cwd}: ${error.message}`, { cause: error })));
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const collector = createOutputCollector(BASH_OUTPUT_HEAD_BYTES, BASH_OUTPUT_TAIL_BYTES);
  collect(collector, child.stdout);
  collect(collector, child.stderr);
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    throw new Error(`bash: ${program.file} did not start`);
  }
  const untrack = trackProcessGroup(pid);
  // A holder, not a `let`: the timer and the abort listener set it, and the compiler cannot see that.
  const state: { stopping: { why: 'timeout' | 'abort'; done: Promise<GroupStop> } | null } = { stopping: null };
  const stop = (why: 'timeout' | 'abort'): void => {
    if (state.stopping !== null) return;
    const done = stopProcessGroup(pid);
    // Awaited below once bash has exited; this only keeps a failure before then from counting as unhandled.
    done.catch(() => undefined);
    state.stopping = { why, done };
  };
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = (): void => stop('abort');
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const exit = await exited;
    clearTimeout(timer);
    const stopped = state.stopping;
    const leftovers = stopped === null ? await stopProcessGroup(pid) : await stopped.done;
    if (!(await within(closed, OUTPUT_DRAIN_MS))) {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }
    if (stopped?.why === 'abort') throw abortError();
    const ending: BashEnding = stopped === null ? { kind: 'exit', ...exit } : { kind: 'timeout', timeoutMs: options.timeoutMs };
    return { output: collector.text(), ending, leftovers: stopped === null ? leftovers : 'gone' };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
    untrack();
  }
}
