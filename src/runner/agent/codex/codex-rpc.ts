import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopProcessGroup, trackProcessGroup } from '../../tools/process-group';

/** How much of Codex's stderr a failure quotes. */
const STDERR_TAIL_CHARS = 2_000;

/** A JSON-RPC error Codex answered a request with. */
export class CodexRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${message}`);
  }
}

export type CodexExit = Readonly<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;

export type CodexRpcOptions = Readonly<{
  file: string;
  args: ReadonlyArray<string>;
  cwd: string;
  env: Readonly<Record<string, string>>;
  /** A notification from Codex (`item/started`, `turn/completed`, …). */
  onNotification(method: string, params: Record<string, unknown>): void;
  /** A request from Codex (an approval): its answer is the JSON-RPC result; a throw answers with an error. */
  onRequest(method: string, params: Record<string, unknown>): Promise<unknown>;
}>;

export type CodexRpc = Readonly<{
  /** Sends a request and resolves with its result; rejects with CodexRpcError, or when Codex exits first. */
  request<T = Record<string, unknown>>(method: string, params: unknown): Promise<T>;
  notify(method: string, params?: unknown): void;
  /** Resolves when the process has exited (or could not start). */
  exited: Promise<CodexExit>;
  /** The last of what Codex printed on stderr. */
  stderrTail(): string;
  /** Whether Codex has said anything on stdout yet (it started). */
  spoke(): boolean;
  /** Kills Codex's whole process group (Codex and every command it started) and waits for it. */
  kill(): Promise<void>;
}>;

/**
 * `codex app-server` over stdio: one JSON object a line each way (JSON-RPC 2.0 without the `jsonrpc` member being
 * required), the protocol the Codex VS Code extension speaks. The process runs in a process group of its own, so a
 * stop or the end of a turn kills Codex and everything it started.
 */
export function startCodexRpc(options: CodexRpcOptions): CodexRpc {
  const child = spawn(options.file, [...options.args], { cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const pgid = child.pid ?? null;
  const untrack = pgid !== null ? trackProcessGroup(pgid) : null;
  const stderr: string[] = [];
  const pending = new Map<number, { method: string; resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let spoke = false;
  let gone = false;

  const exited = new Promise<CodexExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  }).then((exit) => {
    gone = true;
    untrack?.();
    const why = exit.error ? exit.error.message : exit.signal ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`;
    for (const [, waiter] of pending) waiter.reject(new Error(`Codex exited (${why}) before it answered ${waiter.method}`));
    pending.clear();
    return exit;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString('utf8'));
    if (stderr.length > 200) stderr.shift();
  });
  child.stdin.on('error', () => undefined);

  const write = (message: Record<string, unknown>): void => {
    if (gone || child.stdin.destroyed) return;
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  };

  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    spoke = true;
    const id = message.id;
    const method = typeof message.method === 'string' ? message.method : null;
    const params = (message.params ?? {}) as Record<string, unknown>;
    if (method === null && (typeof id === 'number' || typeof id === 'string')) {
      const waiter = pending.get(Number(id));
      if (!waiter) return;
      pending.delete(Number(id));
      const error = message.error as { code?: number; message?: string } | undefined;
      if (error) waiter.reject(new CodexRpcError(waiter.method, error.code ?? 0, error.message ?? 'failed'));
      else waiter.resolve(message.result);
    } else if (method !== null && id !== undefined && id !== null) {
      void options.onRequest(method, params).then(
        (result) => write({ id, result }),
        (error: unknown) => write({ id, error: { code: -32603, message: error instanceof Error ? error.message : String(error) } }),
      );
    } else if (method !== null) {
      options.onNotification(method, params);
    }
  });

  return {
    request<T>(method: string, params: unknown): Promise<T> {
      if (gone) return Promise.reject(new Error(`Codex has exited: ${method} was not sent`));
      const id = nextId++;
      const answer = new Promise<T>((resolve, reject) => pending.set(id, { method, resolve: resolve, reject }));
      write({ id, method, params });
      return answer;
    },
    notify(method, params) {
      write({ method, ...(params === undefined ? {} : { params }) });
    },
    exited,
    stderrTail: () => stderr.join('').trim().slice(-STDERR_TAIL_CHARS),
    spoke: () => spoke,
    async kill() {
      if (pgid !== null) await stopProcessGroup(pgid).catch(() => undefined);
      child.stdin.destroy();
      await exited;
    },
  };
}
