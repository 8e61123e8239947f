import type { ApiMethod, ApiParams, ApiResult } from '../../shared/api';
import { dispatch } from '../../core/api/dispatch';
import { type Engine, createEngine } from '../../core/create-engine';
import { DataFolderInUseError } from '../../core/data-folder/engine-lock';
import type { Logger } from '../../core/logger';
import { createNodeRunnerHost } from '../../core/runner-host/node-runner-host';
import { keepingASpare } from '../../core/runner-host/spare-runner';
import { compileCacheDirOf } from '../../core/runner-host/runner-host';
import { ApiCallError } from '../../shared/api-call-error';
import { messageOf } from '../../shared/errors';
import { type ApiCaller, type ApiClient, connectApiClient } from '../api-client';
import { type AppPaths, bundleWorkerEntryOf, resolveDataDir } from '../app-paths';
import { readApproverCode } from '../../core/serving/approver-file';
import { readLiveServer } from '../../core/serving/server-file';
import { CliFailure } from './cli-failure';
import { chosenRemoteEngine } from './remote-engine';
import { EXIT_FAILURE, EXIT_INVALID_INPUT } from './exit-code';

/** The API a command talks to: a running server's, or an engine embedded in this process. */
export type ApiSession = ApiCaller &
  Readonly<{
    mode: 'server' | 'local';
    dataDir: string;
    /** Settles when the connection to the server is lost, with the reason the server gave ('' when none); never for an embedded engine. */
    lost: Promise<string>;
    close(): Promise<void>;
  }>;

/** What a command needs: `read` works on the database when no server runs; `live` needs a running engine. */
export type SessionNeed = 'read' | 'live';

/** Engine problems worth a person's attention go to stderr; the routine lines of a short command do not. */
export function createCliLogger(): Logger {
  return {
    info: () => undefined,
    warn: () => undefined,
    error: (message, error) => void process.stderr.write(`autoloop: ${message}${error instanceof Error ? `: ${error.message}` : ''}\n`),
  };
}

/** The sentence every command that needs a running engine says when there is none. */
export function noServerMessage(dataDir: string): string {
  const flag = dataDir === resolveDataDir(undefined) ? '' : ` --data-dir ${dataDir}`;
  return `no server is running for ${dataDir}: start \`autoloop serve${flag}\` first`;
}

/** The API of an engine in this process, through the same `dispatch` both shells use (parsed params, coded errors). */
export function callerOfEngine(engine: Engine, log: Logger): ApiCaller {
  return {
    async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      const response = await dispatch(engine.api, method, params, log);
      if (!response.ok) throw new ApiCallError(method, response.error);
      return response.value as ApiResult<M>;
    },
    onEvent: (listener) => engine.bus.subscribe(listener),
  };
}

/**
 * An engine on the data folder in this process. It holds the folder's `engine.lock` (throwing
 * `DataFolderInUseError` when a live engine holds it), or with `read-only` opens the database for
 * reading only, leaving the folder to its holder. A command's engine starts no runner until asked to;
 * a foreground `run`'s starts its run's runner at once, as a spare (`keepingASpare`), so the runner's
 * start overlaps the engine's own and the checks of the run's parameters.
 */
export function openEmbeddedEngine(
  dataDir: string,
  paths: AppPaths,
  log: Logger,
  owner: 'cli' | 'run' = 'cli',
  access: 'exclusive' | 'read-only' = 'exclusive',
): Engine {
  const runners = createNodeRunnerHost({ runnerEntry: paths.runnerEntry, compileCacheDir: compileCacheDirOf(dataDir) });
  const spare = owner === 'run' ? keepingASpare(runners, { once: true }) : null;
  const host = spare ?? runners;
  spare?.warm();
  try {
    return createEngine({
      dataDir,
      resourcesDir: paths.resources,
      host,
      log,
      shell: 'embedded',
      owner,
      access,
      version: paths.version,
      bundleWorkerEntry: bundleWorkerEntryOf(paths),
    });
  } catch (error) {
    void host.close?.();
    throw error;
  }
}

/** The folder's own engine when no other holds it; else a read-only one that refuses every change with the reason. */
function openOfflineEngine(dataDir: string, paths: AppPaths, log: Logger): Engine {
  try {
    return openEmbeddedEngine(dataDir, paths, log);
  } catch (error) {
    if (!(error instanceof DataFolderInUseError)) throw error;
    return openEmbeddedEngine(dataDir, paths, log, 'cli', 'read-only');
  }
}

const nonEmpty = (text: string | undefined): string | null => (text === undefined || text === '' ? null : text);

/**
 * Connects to the server of the data folder when `server.json` names a live one. Otherwise a `read`
 * command opens the database through an embedded engine: holding `engine.lock` when no live engine
 * does (so its start-up reconciliation is exactly right), else read-only, never reconciling or
 * pruning a folder a live process holds. A `live` command is refused with what to do.
 */
export async function openSession(dataDir: string, paths: AppPaths, need: SessionNeed): Promise<ApiSession> {
  const remote = chosenRemoteEngine(dataDir);
  if (remote) {
    if (remote.warning) process.stderr.write(`${remote.warning}\n`);
    let client: ApiClient;
    try {
      client = await connectApiClient(remote.target, { approverCode: remote.approverCode });
    } catch (error) {
      throw new CliFailure(`${messageOf(error)} (engine ${remote.label})`, EXIT_FAILURE);
    }
    return { ...client, mode: 'server', dataDir, lost: client.closed };
  }
  const server = readLiveServer(dataDir);
  if (server) {
    let client: ApiClient;
    try {
      // The person's code (this shell's environment) first, else the one the server keeps for this machine's CLI.
      const approverCode = nonEmpty(process.env.AUTOLOOP_APPROVER_CODE) ?? readApproverCode(dataDir, server.pid) ?? undefined;
      client = await connectApiClient(server, { approverCode });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new CliFailure(`${message}. If no Autoloop (pid ${server.pid}) serves ${dataDir} any more, delete ${dataDir}/server.json`, EXIT_FAILURE);
    }
    return { ...client, mode: 'server', dataDir, lost: client.closed };
  }
  if (need === 'live') throw new CliFailure(noServerMessage(dataDir), EXIT_INVALID_INPUT);
  const log = createCliLogger();
  const engine = openOfflineEngine(dataDir, paths, log);
  return { ...callerOfEngine(engine, log), mode: 'local', dataDir, lost: new Promise<string>(() => undefined), close: () => engine.close() };
}

/** Opens a session, runs `body` with it and always closes it. */
export async function withSession<T>(dataDir: string, paths: AppPaths, need: SessionNeed, body: (session: ApiSession) => Promise<T>): Promise<T> {
  const session = await openSession(dataDir, paths, need);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}
