import type { StartRunParams } from '../../shared/api';
import type { Run } from '../../shared/records';
import type { Engine } from '../../core/create-engine';
import type { Logger } from '../../core/logger';
import { ApiCallError } from '../../shared/api-call-error';
import { escapeForOneLine } from '../../shared/summary-text';
import type { ApiCaller } from '../api-client';
import type { AppPaths } from '../app-paths';
import { type ServedApi, serveEngineApi } from '../../core/serving/serve-engine-api';
import { type ServerFile, readLiveServer } from '../../core/serving/server-file';
import { callerOfEngine, createCliLogger, noServerMessage, openEmbeddedEngine, openSession, withSession } from './api-session';
import { CliFailure } from './cli-failure';
import { remoteEngineChosen } from './remote-engine';
import { EXIT_FAILURE, EXIT_INVALID_INPUT, EXIT_OK, exitCodeFor } from './exit-code';
import { type FollowResult, followRun } from './follow-run';
import { type RunArgs, parseRunArgs } from './run-args';
import { describeRunStatus, formatRunSummary } from './run-words';
import { type Output, createOutput } from './terminal-output';

const NEVER = new Promise<void>(() => undefined);

/** Starts the run; what the person asked for wrong (template, params, name) exits 2. */
function starter(api: ApiCaller, params: StartRunParams): () => Promise<Run> {
  return () =>
    api.call('runs.start', params).catch((error: unknown) => {
      if (error instanceof ApiCallError && ['invalid_input', 'not_found', 'conflict'].includes(error.code))
        throw new CliFailure(error.message, EXIT_INVALID_INPUT);
      throw error;
    });
}

function ownerInTheWay(holder: ServerFile, dataDir: string): CliFailure {
  return holder.owner === 'run'
    ? new CliFailure(
        `Another foreground \`autoloop run\` (pid ${holder.pid}) is using ${dataDir}: start \`autoloop serve\` to run several at once, or use another --data-dir`,
        EXIT_INVALID_INPUT,
      )
    : new CliFailure(`A server (pid ${holder.pid}) started for ${dataDir} just now; run the command again to use it`, EXIT_FAILURE);
}

/** Serves the embedded engine's API on loopback while the run lasts, so `autoloop approve`, `ls` and the rest reach it. */
async function exposeEngine(engine: Engine, paths: AppPaths, log: Logger): Promise<ServedApi> {
  const { served, holder } = await serveEngineApi({ engine, host: '127.0.0.1', port: 0, rendererDir: paths.renderer, owner: 'run', log });
  if (holder) throw ownerInTheWay(holder, engine.dataDir);
  return served;
}

async function followEmbedded(options: RunArgs, paths: AppPaths, output: Output, interactive: boolean): Promise<FollowResult> {
  const log = createCliLogger();
  const engine = openEmbeddedEngine(options.dataDir, paths, log, 'run');
  let exposed: ServedApi | null = null;
  try {
    exposed = await exposeEngine(engine, paths, log);
    const api = callerOfEngine(engine, log);
    return await followRun(api, starter(api, options.start), { output, interactive, lost: NEVER });
  } finally {
    await exposed?.close();
    await engine.close();
  }
}

async function followOnServer(options: RunArgs, paths: AppPaths, output: Output, interactive: boolean): Promise<FollowResult> {
  const session = await openSession(options.dataDir, paths, 'live');
  try {
    return await followRun(session, starter(session, options.start), { output, interactive, lost: session.lost.then(() => undefined) });
  } finally {
    await session.close();
  }
}

async function detach(options: RunArgs, server: ServerFile | null, remote: boolean, paths: AppPaths, output: Output): Promise<number> {
  if (!remote && (!server || server.owner === 'run')) {
    throw new CliFailure(`autoloop run --detach needs a server that outlives this command: ${noServerMessage(options.dataDir)}`, EXIT_INVALID_INPUT);
  }
  const run = await withSession(options.dataDir, paths, 'live', (session) => starter(session, options.start)());
  if (output.json) {
    output.jsonLine({ type: 'run', run });
  } else {
    // The id alone on stdout, so `id=$(autoloop run … --detach)` works; the hint goes to stderr.
    output.line(run.id);
    if (run.status === 'queued') {
      // Over the concurrency cap: it waits its turn, and saying "started" would not be true.
      output.warn(
        `Queued ${escapeForOneLine(run.name)} (${run.id}) on the server: the concurrency cap is reached, it starts when a place frees up (autoloop ls shows its place; autoloop start-now ${run.id} starts it anyway)`,
      );
    } else output.warn(`Started ${escapeForOneLine(run.name)} (${run.id}) on the server; follow it with: autoloop logs ${run.id} -f`);
  }
  return EXIT_OK;
}

/**
 * `autoloop run` (DESIGN §11): on the data folder's server when one runs (`--detach` returns at
 * once), else in an embedded engine in the foreground. Resolves with the exit code.
 */
export async function runCommand(args: string[], paths: AppPaths): Promise<number> {
  const options = parseRunArgs(args);
  const output = createOutput({ json: options.json });
  const remote = remoteEngineChosen();
  // An engine elsewhere serves for as long as it runs: it is as good as this folder's `autoloop serve`.
  const server = remote ? null : readLiveServer(options.dataDir);
  if (options.detach) return detach(options, server, remote, paths, output);
  if (server?.owner === 'run') throw ownerInTheWay(server, options.dataDir);
  const interactive = !options.json && output.isTTY && process.stdin.isTTY === true;
  const result = server || remote ? await followOnServer(options, paths, output, interactive) : await followEmbedded(options, paths, output, interactive);
  if (result.lost) {
    output.warn(`autoloop: lost the connection to the server while the run was ${describeRunStatus(result.run)}; \`autoloop ls\` shows where it is now`);
    if (result.run.status !== 'ended' && result.run.status !== 'paused') return EXIT_FAILURE;
  }
  if (output.json) output.jsonLine({ type: 'result', run: result.run });
  else formatRunSummary(result.run, new Date()).forEach((line) => output.line(line));
  return exitCodeFor(result.run);
}
