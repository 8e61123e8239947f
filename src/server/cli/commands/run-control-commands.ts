import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ConfirmImport } from '../../../shared/api';
import { ApiCallError } from '../../../shared/api-call-error';
import { type Limits, PermissionProfile, type Run } from '../../../shared/records';
import { canStop } from '../../../shared/run-actions';
import { escapeForOneLine } from '../../../shared/summary-text';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, findRun, onePositional } from '../command-args';
import { CliFailure } from '../cli-failure';
import { EXIT_FAILURE, EXIT_OK } from '../exit-code';
import { type LimitFlagValues, limitFlags } from '../flag-values';
import { describeOutcome } from '../run-words';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';
import { listAllRuns } from '../../../shared/list-all-runs';

function report(output: Output, run: Run, words: string): void {
  if (output.json) output.jsonLine(run);
  else output.line(`${words} ${output.paint.bold(escapeForOneLine(run.name))} (${run.id})`);
}

/**
 * `autoloop stop <run> [--after-iteration] | --all`: ends a run (a paused one too, even with no server), or every run
 * that can be stopped; with `--after-iteration` a running run finishes its current iteration first.
 */
export async function stopCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, all: { type: 'boolean', default: false }, 'after-iteration': { type: 'boolean', default: false } },
  });
  if (values.all === positionals.length > 0) throw new UsageError('usage: autoloop stop <run> [--after-iteration] | autoloop stop --all');
  const after = values['after-iteration'] ? ({ after: 'iteration' } as const) : {};
  const output = createOutput({ json: values.json });
  return withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) => {
    if (!values.all) {
      const stopped = await session.call('runs.stop', { id: (await findRun(session, onePositional(positionals, 'autoloop stop <run>'))).id, ...after });
      if (stopped.status !== 'ended') report(output, stopped, 'Stopping after the current iteration:');
      else report(output, stopped, stopped.stopReason === 'user_stop' ? 'Stopped' : `${describeOutcome(stopped)}:`);
      return EXIT_OK;
    }
    const stoppable = (await listAllRuns((page) => session.call('runs.list', page))).filter(canStop);
    const stopped = await Promise.all(stoppable.map((run) => session.call('runs.stop', { id: run.id, ...after })));
    stopped.forEach((run) => report(output, run, run.status === 'ended' ? 'Stopped' : 'Stopping after the current iteration:'));
    if (!output.json && stopped.length === 0) output.line('No runs to stop.');
    return EXIT_OK;
  });
}

/** `autoloop pause <run>`: the run pauses after its current iteration (needs a running engine). */
export async function pauseCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: COMMON_OPTIONS });
  const ref = onePositional(positionals, 'autoloop pause <run>');
  const output = createOutput({ json: values.json });
  return withSession(resolveDataDir(values['data-dir']), paths, 'live', async (session) => {
    const run = await session.call('runs.pause', { id: (await findRun(session, ref)).id });
    report(output, run, 'Pausing after the current iteration:');
    return EXIT_OK;
  });
}

/** `autoloop start-now <run>` ("run anyway") and `autoloop dequeue <run>`: a run the concurrency cap queued. */
async function queuedRunCommand(args: string[], paths: AppPaths, method: 'runs.startNow' | 'runs.dequeue'): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: COMMON_OPTIONS });
  const ref = onePositional(positionals, method === 'runs.startNow' ? 'autoloop start-now <run>' : 'autoloop dequeue <run>');
  const output = createOutput({ json: values.json });
  return withSession(resolveDataDir(values['data-dir']), paths, 'live', async (session) => {
    const run = await session.call(method, { id: (await findRun(session, ref)).id });
    report(output, run, method === 'runs.startNow' ? 'Started ahead of the queue:' : 'Removed from the queue:');
    return EXIT_OK;
  });
}

export function startNowCommand(args: string[], paths: AppPaths): Promise<number> {
  return queuedRunCommand(args, paths, 'runs.startNow');
}

export function dequeueCommand(args: string[], paths: AppPaths): Promise<number> {
  return queuedRunCommand(args, paths, 'runs.dequeue');
}

/** The limits `resume` raises, from its flags; bad values are refused before anything happens. */
export function parseResumeLimits(values: LimitFlagValues): Limits | undefined {
  const limits = limitFlags(values);
  return Object.keys(limits).length === 0 ? undefined : limits;
}

/**
 * What `--confirm-import` confirms for an imported run: the values it shows now (the importer's defaults), each
 * replaced by its flag when given. The rules stay as they are now (none, after an import).
 */
export function confirmImportOf(run: Run, values: Readonly<{ profile?: string; workdir?: string; model?: string }>): ConfirmImport {
  const profile = PermissionProfile.safeParse(values.profile ?? run.permissions.profile);
  if (!profile.success) throw new UsageError(`--profile must be one of ${PermissionProfile.options.join(', ')}`);
  return {
    profile: profile.data,
    rules: run.permissions.rules,
    workdir: values.workdir === undefined ? run.workdir : resolve(values.workdir),
    model: values.model ?? run.model,
  };
}

const CONFIRM_HOW = 'autoloop resume <run> --confirm-import (with --profile P, --workdir DIR or --model M to choose others)';

/** The engine refused to resume an imported run until the person confirms what it runs with. */
function needsImportConfirmation(error: unknown): error is ApiCallError {
  return error instanceof ApiCallError && (error.details as { field?: unknown } | undefined)?.field === 'confirmImport';
}

/** `autoloop resume <run> [--max-cost USD] [--max-tokens N] [--max-iterations N] [--max-duration DUR] [--confirm-import [--profile P] [--workdir DIR] [--model M]]`. */
export async function resumeCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      'max-cost': { type: 'string' },
      'max-tokens': { type: 'string' },
      'max-iterations': { type: 'string' },
      'max-duration': { type: 'string' },
      'confirm-import': { type: 'boolean' },
      profile: { type: 'string' },
      workdir: { type: 'string' },
      model: { type: 'string' },
    },
  });
  const ref = onePositional(positionals, 'autoloop resume <run> [--max-cost USD] [--max-tokens N] [--max-iterations N] [--max-duration DUR]');
  const limits = parseResumeLimits(values);
  const output = createOutput({ json: values.json });
  return withSession(resolveDataDir(values['data-dir']), paths, 'live', async (session) => {
    const found = await findRun(session, ref);
    // An imported run resumes only with what the person confirmed.
    const confirmImport = values['confirm-import'] === true ? { confirmImport: confirmImportOf(found, values) } : {};
    const run = await session.call('runs.resume', { id: found.id, ...(limits ? { limits } : {}), ...confirmImport }).catch((error: unknown) => {
      throw needsImportConfirmation(error) ? new CliFailure(`${error.message}: ${CONFIRM_HOW.replace('<run>', ref)}`, EXIT_FAILURE) : error;
    });
    report(output, run, 'Resumed');
    return EXIT_OK;
  });
}
