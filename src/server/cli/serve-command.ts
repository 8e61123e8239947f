import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { Run } from '../../shared/records';
import { assertNever } from '../../shared/assert';
import { type Engine, createEngine } from '../../core/create-engine';
import { createConsoleLogger } from '../../core/logger';
import { createNodeRunnerHost } from '../../core/runner-host/node-runner-host';
import { keepingASpare } from '../../core/runner-host/spare-runner';
import { compileCacheDirOf } from '../../core/runner-host/runner-host';
import { type AppPaths, bundleWorkerEntryOf, resolveDataDir } from '../app-paths';
import { isProxyAddress } from '../../core/serving/client-address';
import { serveEngineApi } from '../../core/serving/serve-engine-api';
import { type ServerFile, readLiveServer, serverFilePath } from '../../core/serving/server-file';
import { accessFilePath } from '../../core/serving/access-file';
import { installLastResort } from '../../core/last-resort';
import { CliFailure } from './cli-failure';
import { EXIT_FAILURE, EXIT_INVALID_INPUT, EXIT_OK } from './exit-code';
import { UsageError } from './usage-error';
import { chosenEngineLabel } from './remote-engine';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { messageOf } from '../../shared/errors';
import { UNENCRYPTED_WARNING, isLoopbackHost } from '../../core/serving/host-check';
import { listAllRuns } from '../../shared/list-all-runs';

/** What `autoloop serve` was asked to do. */
export type ServeOptions = Readonly<{
  host: string;
  port: number;
  dataDir: string;
  open: boolean;
  moveDamagedDatabase: boolean;
  /** Resume the runs the last shutdown paused (DESIGN §4: "a setting resumes them at the next start"). */
  resumeShutdown: boolean;
  /** Replace the kept access token and approver code: every URL, cookie and code given out before stops working. */
  rotateToken: boolean;
  /** Serve HTTPS and WSS with this certificate and key (PEM files). */
  tlsCert: string | null;
  tlsKey: string | null;
  /** The address people reach the engine at through a reverse proxy (its Host and Origin are accepted). */
  publicUrl: string | null;
  /** The reverse proxies whose X-Forwarded-For names the client, for the failed-attempt limit. */
  trustedProxies: string[];
  /**
   * Keep one runner started ahead of the next run (`keepingASpare`, `--spare-runner`): a run then starts without
   * waiting for a runner process, for one idle runner's memory. Off by default on a server, where that memory counts
   * and a start 100–300 ms sooner does not; the desktop app keeps one.
   */
  spareRunner: boolean;
}>;

/** Parses `autoloop serve` arguments. */
export function parseServeArgs(args: string[]): ServeOptions {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4317' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean', default: false },
      'move-damaged-db': { type: 'boolean', default: false },
      'resume-shutdown': { type: 'boolean', default: false },
      'rotate-token': { type: 'boolean', default: false },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'public-url': { type: 'string' },
      'trusted-proxy': { type: 'string', multiple: true, default: [] },
      'spare-runner': { type: 'boolean', default: false },
    },
  });
  const trustedProxies = values['trusted-proxy'];
  const notAddress = trustedProxies.find((value) => !isProxyAddress(value));
  if (notAddress !== undefined) throw new UsageError(`--trusted-proxy takes the proxy's IP address as it connects (such as 127.0.0.1), not "${notAddress}"`);
  const tlsCert = values['tls-cert'] ?? null;
  const tlsKey = values['tls-key'] ?? null;
  if ((tlsCert === null) !== (tlsKey === null)) throw new UsageError('--tls-cert and --tls-key go together: give both files (PEM) or neither');
  const publicUrl = values['public-url'] ?? null;
  if (publicUrl !== null && !isHttpUrl(publicUrl)) throw new UsageError(`--public-url must be an http:// or https:// address, not "${publicUrl}"`);
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  return {
    host: values.host,
    port,
    dataDir: resolveDataDir(values['data-dir']),
    open: values.open,
    moveDamagedDatabase: values['move-damaged-db'],
    resumeShutdown: values['resume-shutdown'],
    rotateToken: values['rotate-token'],
    tlsCert: tlsCert === null ? null : resolve(tlsCert),
    tlsKey: tlsKey === null ? null : resolve(tlsKey),
    publicUrl,
    trustedProxies,
    spareRunner: values['spare-runner'],
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && url.search === '' && url.username === '';
  } catch {
    return false;
  }
}

/** Reads the TLS files, refusing with what is wrong before anything starts. */
function readTlsFiles(options: ServeOptions): { cert: Buffer; key: Buffer } | null {
  if (options.tlsCert === null || options.tlsKey === null) return null;
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new CliFailure(`cannot read the TLS ${what} ${path}: ${messageOf(error)}`, EXIT_INVALID_INPUT);
    }
  };
  const cert = read(options.tlsCert, 'certificate');
  const key = read(options.tlsKey, 'key');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new CliFailure(`the TLS certificate ${options.tlsCert} and key ${options.tlsKey} cannot be used together: ${messageOf(error)}`, EXIT_INVALID_INPUT);
  }
  return { cert, key };
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stdout.write('Could not open a browser here; open the URL above yourself.\n'));
  child.unref();
}

function holderMessage(holder: ServerFile, dataDir: string): string {
  switch (holder.owner) {
    case 'run':
      return `A foreground \`autoloop run\` (pid ${holder.pid}) is using ${dataDir}; wait for it to end (or Ctrl-C it), then start the server`;
    case 'desktop':
      return `The Autoloop desktop app (pid ${holder.pid}) is serving ${dataDir} at ${holder.url.split('?')[0]}; the CLI and a browser can use it as it is, or quit it first`;
    case 'serve':
      return `A server already runs for ${dataDir} (pid ${holder.pid}) at ${holder.url.split('?')[0]}; stop it first or use another --data-dir`;
    default:
      return assertNever(holder.owner, 'server owner');
  }
}

/** Where the token came from, so a person knows whether pages opened before still work. */
function tokenOriginLine(origin: 'kept' | 'created' | 'rotated', file: string): string {
  switch (origin) {
    case 'kept':
      return `The access token is the one kept in ${file}: pages opened before reconnect (\`autoloop serve --rotate-token\` replaces it)\n`;
    case 'created':
      return `A new access token is kept in ${file} (mode 0600) for the next starts; \`autoloop serve --rotate-token\` replaces it\n`;
    case 'rotated':
      return `The access token and approver code were replaced (${file}): URLs, pages and codes given out before no longer work\n`;
    default:
      return assertNever(origin, 'token origin');
  }
}

const names = (runs: ReadonlyArray<Run>): string => runs.map((run) => `${run.name} (${run.id})`).join(', ');

/** Resumes the runs the last shutdown paused when asked to; otherwise says how. */
async function handleShutdownPausedRuns(engine: Engine, resume: boolean): Promise<void> {
  const paused = (await listAllRuns((page) => engine.api['runs.list'](page))).filter(
    (run) => run.status === 'paused' && (run.pauseReason === 'shutdown' || run.pauseReason === 'interrupted'),
  );
  const shutdown = paused.filter((run) => run.pauseReason === 'shutdown');
  if (resume && shutdown.length > 0) {
    for (const run of shutdown) await engine.api['runs.resume']({ id: run.id });
    process.stdout.write(`Resumed ${shutdown.length} ${shutdown.length === 1 ? 'run' : 'runs'} paused at the last shutdown: ${names(shutdown)}\n`);
  }
  const waiting = resume ? paused.filter((run) => run.pauseReason === 'interrupted') : paused;
  if (waiting.length > 0) {
    const flag = resume || waiting.every((run) => run.pauseReason === 'interrupted') ? '' : ' (or start the server with --resume-shutdown)';
    process.stdout.write(
      `${waiting.length} ${waiting.length === 1 ? 'run was' : 'runs were'} paused when Autoloop last stopped: ${names(waiting)}; resume with \`autoloop resume <run>\`${flag}\n`,
    );
  }
}

/** `autoloop serve`: the engine, the UI and the API on one port, behind a token (DESIGN §11). Resolves with the exit code after a clean shutdown. */
export async function serveCommand(args: string[], paths: AppPaths): Promise<number> {
  const elsewhere = chosenEngineLabel();
  if (elsewhere !== null) {
    throw new UsageError(
      `serve runs the engine of this machine's data folder; --engine ${elsewhere} (or AUTOLOOP_ENGINE) names another one: leave it out to serve here`,
    );
  }
  const options = parseServeArgs(args);
  const tls = readTlsFiles(options);
  const existing = readLiveServer(options.dataDir);
  if (existing) throw new CliFailure(holderMessage(existing, options.dataDir), EXIT_FAILURE);
  const log = createConsoleLogger('autoloop-serve');
  const runners = createNodeRunnerHost({ runnerEntry: paths.runnerEntry, compileCacheDir: compileCacheDirOf(options.dataDir) });
  const spare = options.spareRunner ? keepingASpare(runners, { warn: (message) => log.warn(message) }) : null;
  const host = spare ?? runners;
  const engine = createEngine({
    dataDir: options.dataDir,
    resourcesDir: paths.resources,
    host,
    log,
    shell: 'server',
    version: paths.version,
    moveDamagedDatabase: options.moveDamagedDatabase,
    bundleWorkerEntry: bundleWorkerEntryOf(paths),
  });
  const { served: server, holder } = await serveEngineApi({
    engine,
    host: options.host,
    port: options.port,
    rendererDir: paths.renderer,
    owner: 'serve',
    log,
    rotateToken: options.rotateToken,
    tls,
    publicUrl: options.publicUrl,
    trustedProxies: options.trustedProxies,
  }).catch(async (error: unknown) => {
    await engine.close();
    throw listenFailure(error, options);
  });
  if (holder) {
    await engine.close();
    throw new CliFailure(holderMessage(holder, options.dataDir), EXIT_FAILURE);
  }
  if (!isLoopbackHost(options.host)) {
    process.stdout.write(`Warning: listening on ${options.host}, reachable from other machines. Anyone with the token controls your agents.\n`);
    if (!tls)
      process.stdout.write(`Warning: ${UNENCRYPTED_WARNING}: the token and everything else cross the network in the clear (--tls-cert and --tls-key)\n`);
  }
  process.stdout.write(`Autoloop is serving ${options.dataDir}\n`);
  await handleShutdownPausedRuns(engine, options.resumeShutdown);
  spare?.warm();
  // The `Open` line comes last: once it is printed, the server is ready and its start-up work done.
  process.stdout.write(
    `Approver code: ${server.approverCode} (the page and this machine's CLI answer approvals with it; on another machine set AUTOLOOP_APPROVER_CODE; server.json never holds it)\n`,
  );
  process.stdout.write(tokenOriginLine(server.tokenOrigin, accessFilePath(options.dataDir)));
  process.stdout.write(`Open ${server.personUrl}\n(the token, but not the approver code, is also in ${serverFilePath(options.dataDir)})\n`);
  if (options.open) openBrowser(server.personUrl);

  // Nothing a client sends should reach here; if a bug does, the runs are paused cleanly, not lost.
  installLastResort(process, {
    log,
    async pauseAndClose() {
      const paused = await engine.pauseAllForShutdown();
      await server.close();
      await engine.close();
      if (paused.length > 0)
        process.stdout.write(`Paused ${names(paused)}; \`autoloop serve --resume-shutdown\` resumes ${paused.length === 1 ? 'it' : 'them'}\n`);
    },
    exit: (code) => process.exit(code),
    exitCode: EXIT_FAILURE,
  });

  return new Promise<number>((resolve) => {
    let shuttingDown = false;
    const shutdown = (signal: string): void => {
      if (shuttingDown) return;
      shuttingDown = true;
      process.stdout.write(`\n${signal}: pausing active runs and shutting down…\n`);
      void (async () => {
        // Pause first, while clients are still connected, so they hear why their runs stopped.
        const paused = await engine.pauseAllForShutdown();
        await server.close();
        await engine.close();
        if (paused.length > 0) {
          process.stdout.write(`Paused ${names(paused)}; \`autoloop serve --resume-shutdown\` resumes ${paused.length === 1 ? 'it' : 'them'}\n`);
        }
        resolve(EXIT_OK);
      })();
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });
}

/** Why the server could not listen, as what to do (a port in use, an address not of this machine), or the error as it was. */
export function listenFailure(error: unknown, options: Readonly<{ host: string; port: number }>): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  switch (code) {
    case 'EADDRINUSE':
      return new CliFailure(
        `Port ${options.port} on ${options.host} is in use (another program, or another Autoloop): pick another --port, or stop what holds it`,
        EXIT_FAILURE,
      );
    case 'EACCES':
      return new CliFailure(
        `Port ${options.port} on ${options.host} needs privileges this user does not have: pick a port above 1023 with --port`,
        EXIT_FAILURE,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new CliFailure(
        `Cannot listen on ${options.host}: it is not an address of this machine (${code}): give one with --host (127.0.0.1, or 0.0.0.0 for every address)`,
        EXIT_INVALID_INPUT,
      );
    default:
      return error;
  }
}
