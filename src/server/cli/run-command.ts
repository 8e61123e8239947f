import { parseArgs } from 'node:util';
import { type ApiParams, StartRunParams } from '../../shared/api';
import { formatDuration, parseDuration } from '../../shared/duration';
import { type Iteration, type Run, describePauseReason, describeStopReason, isActive } from '../../shared/records';
import { ApiFailure } from '../../core/api/api-failure';
import { createEngine } from '../../core/create-engine';
import { createMemoryLogger } from '../../core/logger';
import { createNodeRunnerHost } from '../../core/runner-host/node-runner-host';
import { type AppPaths, resolveDataDir } from '../app-paths';
import { EXIT_INVALID_INPUT, exitCodeFor } from './exit-code';
import { UsageError } from './usage-error';

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new UsageError(`${flag} must be a whole number above 0, not "${value}"`);
  return number;
}

function duration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === null) throw new UsageError(`${flag} must be a duration such as 90s, 15m or 2h, not "${value}"`);
  return ms;
}

/** Parses `--param k=v` pairs. */
export function parseParamFlags(pairs: ReadonlyArray<string>): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new UsageError(`--param takes key=value, not "${pair}"`);
      return [pair.slice(0, equals), pair.slice(equals + 1)];
    }),
  );
}

/** Parses `autoloop run` arguments into the API's start parameters. */
export function parseRunArgs(args: string[]): { start: ApiParams<'runs.start'>; json: boolean; dataDir: string } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      param: { type: 'string', multiple: true, default: [] },
      workdir: { type: 'string' },
      model: { type: 'string' },
      interval: { type: 'string' },
      'max-iterations': { type: 'string' },
      'max-duration': { type: 'string' },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  });
  const template = positionals[0];
  if (!template || positionals.length > 1) throw new UsageError('run takes exactly one template name');
  const intervalMs = duration('--interval', values.interval);
  const maxIterations = positiveInt('--max-iterations', values['max-iterations']);
  const maxDurationMs = duration('--max-duration', values['max-duration']);
  return {
    start: {
      template,
      params: parseParamFlags(values.param),
      ...(values.name ? { name: values.name } : {}),
      ...(values.workdir ? { workdir: values.workdir } : {}),
      ...(values.model ? { model: values.model } : {}),
      ...(intervalMs === undefined ? {} : { loop: { intervalMs } }),
      limits: { ...(maxIterations ? { maxIterations } : {}), ...(maxDurationMs ? { maxDurationMs } : {}) },
    },
    json: values.json,
    dataDir: resolveDataDir(values['data-dir']),
  };
}

function describeOutcome(run: Run): string {
  if (run.status === 'paused' && run.pauseReason) return describePauseReason(run.pauseReason);
  return run.stopReason ? describeStopReason(run.stopReason) : run.status;
}

/** `autoloop run` in the foreground with an embedded engine; resolves with the exit code (DESIGN §11). */
export async function runCommand(args: string[], paths: AppPaths): Promise<number> {
  const options = parseRunArgs(args);
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const log = createMemoryLogger();
  const engine = createEngine({
    dataDir: options.dataDir,
    resourcesDir: paths.resources,
    host: createNodeRunnerHost({ runnerEntry: paths.runnerEntry }),
    log,
    shell: 'embedded',
    version: paths.version,
  });
  let run: Run;
  try {
    run = await engine.api['runs.start'](StartRunParams.parse(options.start));
  } catch (error) {
    await engine.close();
    if (error instanceof ApiFailure) {
      process.stderr.write(`autoloop: ${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw error;
  }

  let lastStatus = run.status;
  if (options.json) print(JSON.stringify({ type: 'run', run }));
  const onIteration = (iteration: Iteration): void => {
    if (iteration.runId !== run.id || iteration.status === 'running') return;
    if (options.json) print(JSON.stringify({ type: 'iteration', iteration }));
    else print(`  #${iteration.n} ${iteration.status.padEnd(11)} ${iteration.summary}  (${formatDuration(iteration.durationMs ?? 0)})`);
  };
  const unsubscribe = engine.bus.subscribe((event) => {
    if (event.type === 'run.iteration') onIteration(event.iteration);
    if (event.type === 'run.updated' && event.run.id === run.id && event.run.status !== lastStatus) {
      lastStatus = event.run.status;
      if (options.json) print(JSON.stringify({ type: 'run', run: event.run }));
    }
  });
  if (!options.json) print(`Run ${run.name} (${run.id}) with ${run.model} in ${run.workdir}`);
  const interrupt = (): void => {
    if (!options.json) print('\nStopping the run…');
    void engine.supervisor.stop(run.id, 'user_stop');
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  await engine.supervisor.finished(run.id);
  unsubscribe();
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);
  const stored = await engine.api['runs.get']({ id: run.id });
  if (isActive(stored.status)) log.warn(`run ${run.id} still ${stored.status} after its process ended`);
  await engine.close();
  if (options.json) {
    print(JSON.stringify({ type: 'result', run: stored }));
  } else {
    const cost = stored.costUsd === null ? 'unknown cost' : `$${stored.costUsd.toFixed(4)}`;
    print(`${describeOutcome(stored)}${stored.detail ? ` — ${stored.detail}` : ''}`);
    print(`${stored.iterations} iterations, ${stored.inputTokens + stored.outputTokens} tokens, ${cost}`);
  }
  return exitCodeFor(stored);
}
