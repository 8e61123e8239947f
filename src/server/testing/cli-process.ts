import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { ScriptedScript } from '../../shared/scripted-script';
import { REPO_ROOT } from '../../core/testing/temp-engine';
import { waitUntil } from '../../core/testing/wait-until';

/** The real `autoloop` command, as a person runs it. */
export const AUTOLOOP_BIN = join(REPO_ROOT, 'bin', 'autoloop.js');
/** The longest any one CLI call in a test may take. */
export const CLI_TIMEOUT_MS = 60_000;
/** How long a test waits for something a process will print or do. */
export const WAIT_MS = 20_000;

/**
 * The CLI's environment in tests: no colour, as on a pipe. FORCE_COLOR goes: `npm test` sets it for
 * its own output, and Node 24 warns on stderr when NO_COLOR and FORCE_COLOR are both set.
 */
function cliEnv(): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _forceColor, ...env } = process.env;
  return { ...env, NO_COLOR: '1' };
}

/** Runs `autoloop <args> --data-dir <dataDir>` to its end. */
export function autoloopSync(dataDir: string, ...args: string[]): SpawnSyncReturns<string> {
  return autoloopSyncWith({}, dataDir, ...args);
}

/** Runs `autoloop <args> --data-dir <dataDir>` with more environment (AUTOLOOP_APPROVER_CODE, say). */
export function autoloopSyncWith(env: NodeJS.ProcessEnv, dataDir: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [AUTOLOOP_BIN, ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
    env: { ...cliEnv(), ...env },
  });
}

/** Polls until `condition` holds, or fails saying what it waited for. */
export function until(condition: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  return waitUntil(condition, what, timeoutMs);
}

/** A CLI process running in the background, with what it printed so far. */
export type CliProcess = Readonly<{
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}>;

/** Starts `autoloop <args> --data-dir <dataDir>` in the background. */
export function spawnAutoloop(dataDir: string, ...args: string[]): CliProcess {
  const child = spawn(process.execPath, [AUTOLOOP_BIN, ...args, '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cliEnv(),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** A running `autoloop serve` and the URL it printed. */
export type ServeProcess = CliProcess & Readonly<{ url: string; port: number; token: string; approverCode: string; stop(): Promise<void> }>;

/** Starts `autoloop serve --port 0` on the data folder and waits for its `Open http…` line. */
export async function startServe(dataDir: string, ...args: string[]): Promise<ServeProcess> {
  const serve = spawnAutoloop(dataDir, 'serve', '--port', '0', ...args);
  let exitedEarly = false;
  void serve.exited.then(() => (exitedEarly = true));
  await until(() => /Open (http\S+)/.test(serve.stdout()) || exitedEarly, 'the server to print its URL');
  const match = /Open (http\S+)/.exec(serve.stdout());
  if (!match?.[1]) throw new Error(`autoloop serve did not start:\n${serve.stdout()}\n${serve.stderr()}`);
  const url = new URL(match[1]);
  return {
    ...serve,
    url: match[1],
    port: Number(url.port),
    token: url.searchParams.get('token') ?? '',
    approverCode: url.searchParams.get('approver') ?? '',
    async stop() {
      if (serve.child.exitCode !== null || serve.child.signalCode !== null) return;
      serve.child.kill('SIGTERM');
      await serve.exited;
    },
  };
}

/** Writes a scripted model script into the folder; returns the `--model` value that plays it. */
export function writeScript(folder: string, name: string, script: Partial<ScriptedScript> & Pick<ScriptedScript, 'responses'>): string {
  const file = join(folder, `${name}.json`);
  writeFileSync(file, JSON.stringify({ whenExhausted: 'repeat-last', ...script }));
  return `scripted/${file}`;
}

/** Every stdout line parsed as JSON. */
export function jsonLines(stdout: string): unknown[] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/**
 * One data folder for the tests of the calling file, with `autoloop serve` on it as often as they like: `serve` starts
 * one (with `args`); after the file every one is stopped and the folder removed.
 */
export function servedDataFolderPerFile(prefix: string): Readonly<{ dataDir: string; serve(...args: string[]): Promise<ServeProcess> }> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const servers: ServeProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    async serve(...args) {
      const server = await startServe(dataDir, ...args);
      servers.push(server);
      return server;
    },
  };
}
