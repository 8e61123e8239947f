import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { StartRunParams } from '../../shared/api';
import { ContextMode } from '../../shared/context-mode';
import { Isolation } from '../../shared/worktree';
import { AgentKind } from '../../shared/agents';
import { ApprovalTimeoutAction, type Limits, type LoopOverrides, type PermissionOverrides, PermissionProfile } from '../../shared/records';
import { VerifyEvery } from '../../shared/verify';
import { resolveDataDir } from '../app-paths';
import { choiceFlag, durationFlag, limitFlags } from './flag-values';
import { UsageError } from './usage-error';

/** What `autoloop run` was asked to do. */
export type RunArgs = Readonly<{ start: StartRunParams; json: boolean; detach: boolean; dataDir: string }>;

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

function defined<T extends object>(value: T): T | undefined {
  return Object.values(value).some((field) => field !== undefined) ? (JSON.parse(JSON.stringify(value)) as T) : undefined;
}

/** `--isolation worktree|none`, `--base REF`, `--with-uncommitted`: where the run works. */
function isolationFlags(values: Readonly<{ isolation?: string | undefined; base?: string | undefined; 'with-uncommitted': boolean }>): Partial<StartRunParams> {
  const isolation = choiceFlag('--isolation', values.isolation, Isolation.options);
  if (isolation === 'none' && (values.base !== undefined || values['with-uncommitted'])) {
    throw new UsageError('--base and --with-uncommitted need a worktree: leave out --isolation none');
  }
  return {
    ...(isolation ? { isolation } : {}),
    ...(values.base !== undefined ? { base: values.base } : {}),
    ...(values['with-uncommitted'] ? { withUncommitted: true } : {}),
  };
}

/** `--context carry|summaries|fresh`: what each iteration remembers of the ones before. */
function contextFlag(value: string | undefined): Partial<StartRunParams> {
  const context = choiceFlag('--context', value, ContextMode.options);
  return context ? { context } : {};
}

/** A whole number of at least 1 (`--max-verify-failures 3`). */
function countFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`${flag} takes a whole number of at least 1, not "${value}"`);
  return Number(value);
}

/** Parses `autoloop run` arguments into the API's start parameters; every bad value is refused here, before anything starts. */
export function parseRunArgs(args: string[]): RunArgs {
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
      'max-tokens': { type: 'string' },
      'max-cost': { type: 'string' },
      'max-duration': { type: 'string' },
      profile: { type: 'string' },
      'approval-timeout': { type: 'string' },
      'on-approval-timeout': { type: 'string' },
      'allow-net': { type: 'string', multiple: true, default: [] },
      'pass-env': { type: 'string', multiple: true, default: [] },
      mcp: { type: 'string', multiple: true, default: [] },
      notify: { type: 'string', multiple: true, default: [] },
      'no-notify': { type: 'boolean', default: false },
      isolation: { type: 'string' },
      context: { type: 'string' },
      agent: { type: 'string' },
      base: { type: 'string' },
      'with-uncommitted': { type: 'boolean', default: false },
      verify: { type: 'string', multiple: true, default: [] },
      'max-verify-failures': { type: 'string' },
      'verify-every': { type: 'string' },
      detach: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  });
  const template = positionals[0];
  if (!template || positionals.length > 1) throw new UsageError('run takes exactly one template name');
  const intervalMs = durationFlag('--interval', values.interval);
  const limits: Limits = limitFlags(values);
  const permissions: PermissionOverrides | undefined = defined({
    profile: choiceFlag('--profile', values.profile, PermissionProfile.options),
    approvalTimeoutMs: durationFlag('--approval-timeout', values['approval-timeout']),
    onApprovalTimeout: choiceFlag('--on-approval-timeout', values['on-approval-timeout'], ApprovalTimeoutAction.options),
  });
  if (permissions?.approvalTimeoutMs === 0) throw new UsageError('--approval-timeout must be longer than 0 s');
  const loop: LoopOverrides | undefined = defined({
    intervalMs,
    maxVerifyFailures: countFlag('--max-verify-failures', values['max-verify-failures']),
    verifyEvery: choiceFlag('--verify-every', values['verify-every'], VerifyEvery.options),
  });
  if (values['no-notify'] && values.notify.length > 0) throw new UsageError('--notify and --no-notify cannot go together');
  const start: StartRunParams = {
    template,
    params: parseParamFlags(values.param),
    ...(values.name ? { name: values.name } : {}),
    // A relative folder means the caller's, wherever the engine that starts the run is.
    ...(values.workdir ? { workdir: resolve(values.workdir) } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(loop ? { loop } : {}),
    // Each --verify is one command of the verification gate; they replace the template's.
    ...(values.verify.length > 0 ? { verify: values.verify } : {}),
    limits,
    ...(permissions ? { permissions } : {}),
    ...(values['allow-net'].length > 0 ? { network: values['allow-net'] } : {}),
    ...(values['pass-env'].length > 0 ? { env: values['pass-env'] } : {}),
    ...(values.mcp.length > 0 ? { mcp: values.mcp } : {}),
    // Each --notify names a notifier the run's events go to, instead of the template's notify:; --no-notify: none.
    ...(values['no-notify'] ? { notify: [] } : values.notify.length > 0 ? { notify: values.notify } : {}),
    ...isolationFlags(values),
    ...contextFlag(values.context),
    ...(values.agent !== undefined ? { agent: choiceFlag('--agent', values.agent, AgentKind.options) } : {}),
  };
  const checked = StartRunParams.safeParse(start);
  if (!checked.success) throw new UsageError(z.prettifyError(checked.error));
  return { start, json: values.json, detach: values.detach, dataDir: resolveDataDir(values['data-dir']) };
}
