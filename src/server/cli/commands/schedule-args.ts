import { parseArgs } from 'node:util';
import { CreateScheduleParams, type ScheduleSettingsInput, UpdateScheduleParams } from '../../../shared/schedules-api';
import { AgentKind } from '../../../shared/agents';
import { CatchUp, Overlap } from '../../../shared/schedules';
import { issuesInWords } from '../../../shared/errors';
import { choiceFlag } from '../flag-values';
import { resolveDataDir } from '../../app-paths';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { parseParamFlags, parseRunArgs } from '../run-args';
import { UsageError } from '../usage-error';

/** The flags `schedule add` takes beside every run-setting flag of `autoloop run`. */
const SCHEDULE_FLAGS = ['--cron', '--tz', '--catch-up', '--overlap', '--max-cost-per-day', '--watchdog-periods'] as const;
type ScheduleFlag = (typeof SCHEDULE_FLAGS)[number];

/** Takes the schedule's own flags out of the arguments; the rest are `autoloop run`'s. Pure. */
function splitScheduleFlags(args: ReadonlyArray<string>): { own: Partial<Record<ScheduleFlag, string>>; rest: string[]; paused: boolean } {
  const own: Partial<Record<ScheduleFlag, string>> = {};
  const rest: string[] = [];
  let paused = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--paused') {
      paused = true;
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const known = SCHEDULE_FLAGS.find((name) => name === flag);
    if (!known) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? args[(index += 1)];
    if (value === undefined) throw new UsageError(`${known} needs a value`);
    own[known] = value;
  }
  return { own, rest, paused };
}

function positiveNumber(flag: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new UsageError(`${flag} takes a ${integer ? 'whole ' : ''}number above 0, not "${value}"`);
  }
  return number;
}

/** The most periods the watchdog may wait (the schedules API's bound), said in the flag's own words. */
const MAX_WATCHDOG_PERIODS = 1_000;

function watchdogPeriodsFlag(value: string | undefined): number | undefined {
  const periods = positiveNumber('--watchdog-periods', value, true);
  if (periods !== undefined && periods > MAX_WATCHDOG_PERIODS) {
    throw new UsageError(`--watchdog-periods takes a whole number from 1 to ${MAX_WATCHDOG_PERIODS}, not "${value ?? ''}"`);
  }
  return periods;
}

/** A flag given with an empty value (`--tz ""`) is a mistake, not "use the default". */
function notBlank(flag: string, value: string | undefined, example: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a value, e.g. ${flag} ${example}`);
  return value;
}

const CRON_EXAMPLE = '"0 3 * * *" (03:00 daily)';
const TZ_EXAMPLE = 'Europe/Berlin';

/** `schedule add <template> --cron "EXPR" [--name N] [--tz ZONE] [--catch-up …] [--overlap …] [every run-setting flag of autoloop run]`. */
export function parseScheduleAddArgs(args: ReadonlyArray<string>): Readonly<{ create: CreateScheduleParams; json: boolean; dataDir: string }> {
  const { own, rest, paused } = splitScheduleFlags(args);
  if (own['--cron'] === undefined || own['--cron'].trim() === '') throw new UsageError(`schedule add needs --cron "EXPR", e.g. --cron ${CRON_EXAMPLE}`);
  notBlank('--tz', own['--tz'], TZ_EXAMPLE);
  const run = parseRunArgs(rest);
  if (run.detach) throw new UsageError('--detach does not apply to a schedule: its runs always start in the engine');
  const { start } = run;
  const create: CreateScheduleParams = {
    template: start.template,
    ...(start.name ? { name: start.name } : {}),
    params: start.params ?? {},
    cron: own['--cron'],
    ...(own['--tz'] ? { timezone: own['--tz'] } : {}),
    ...(own['--catch-up'] ? { catchUp: choiceFlag('--catch-up', own['--catch-up'], CatchUp.options) } : {}),
    ...(own['--overlap'] ? { overlap: choiceFlag('--overlap', own['--overlap'], Overlap.options) } : {}),
    ...(paused ? { enabled: false } : {}),
    maxCostUsdPerDay: positiveNumber('--max-cost-per-day', own['--max-cost-per-day'], false) ?? null,
    ...(own['--watchdog-periods'] ? { watchdogPeriods: watchdogPeriodsFlag(own['--watchdog-periods']) } : {}),
    settings: {
      ...(start.model ? { model: start.model } : {}),
      ...(start.workdir ? { workdir: start.workdir } : {}),
      ...(start.limits && Object.keys(start.limits).length > 0 ? { limits: start.limits } : {}),
      ...(start.loop ? { loop: start.loop } : {}),
      ...(start.permissions?.profile ? { profile: start.permissions.profile } : {}),
      ...(start.permissions?.approvalTimeoutMs ? { approvalTimeoutMs: start.permissions.approvalTimeoutMs } : {}),
      ...(start.permissions?.onApprovalTimeout ? { onApprovalTimeout: start.permissions.onApprovalTimeout } : {}),
      ...(start.isolation ? { isolation: start.isolation } : {}),
      ...(start.context ? { context: start.context } : {}),
      ...(start.network ? { network: start.network } : {}),
      ...(start.env ? { env: start.env } : {}),
      ...(Array.isArray(start.verify) ? { verify: start.verify.filter((step): step is string => typeof step === 'string') } : {}),
      ...(start.mcp ? { mcp: start.mcp } : {}),
      ...(start.notify ? { notify: start.notify } : {}),
      ...(start.agent ? { agent: start.agent } : {}),
      ...(start.base ? { base: start.base } : {}),
      ...(start.withUncommitted ? { withUncommitted: start.withUncommitted } : {}),
    },
  };
  const checked = CreateScheduleParams.safeParse(create);
  if (!checked.success) throw new UsageError(issuesInWords(checked.error));
  return { create, json: run.json, dataDir: run.dataDir };
}

/** The pinned run settings `schedule edit` changes, laid over the schedule's own (`schedules.update` takes the settings whole). */
export type ScheduleSettingsEdit = Pick<ScheduleSettingsInput, 'mcp' | 'notify' | 'agent' | 'base' | 'withUncommitted'>;

/**
 * What `schedule edit` changes; `params` are merged over the schedule's own unless the template changes, `settings` over its
 * pinned settings.
 */
export type ScheduleEdit = Readonly<{
  ref: string;
  changes: Omit<UpdateScheduleParams, 'id' | 'settings'>;
  settings: ScheduleSettingsEdit;
  json: boolean;
  dataDir: string;
}>;

type SettingsFlagValues = Readonly<{
  mcp: string[];
  notify: string[];
  'no-notify': boolean;
  agent?: string | undefined;
  base?: string | undefined;
  'with-uncommitted'?: boolean | undefined;
}>;

/** `--mcp`, `--notify`/`--no-notify`, `--agent`, `--base`, `--with-uncommitted`/`--no-with-uncommitted` of `schedule edit`. Pure. */
function settingsEdit(values: SettingsFlagValues): ScheduleSettingsEdit {
  if (values['no-notify'] && values.notify.length > 0) throw new UsageError('--notify and --no-notify cannot go together');
  return {
    ...(values.mcp.length > 0 ? { mcp: values.mcp } : {}),
    ...(values['no-notify'] ? { notify: [] } : values.notify.length > 0 ? { notify: values.notify } : {}),
    ...(values.agent === undefined ? {} : { agent: choiceFlag('--agent', values.agent, AgentKind.options) }),
    ...(values.base === undefined ? {} : { base: notBlank('--base', values.base, 'main') }),
    ...(values['with-uncommitted'] === undefined ? {} : { withUncommitted: values['with-uncommitted'] }),
  };
}

/** The schedule's pinned settings with an edit laid over them; `withUncommitted: false` is left out, as `schedule add` leaves it. */
export function editedSettings(current: ScheduleSettingsInput, edit: ScheduleSettingsEdit): ScheduleSettingsInput {
  const merged: ScheduleSettingsInput = { ...current, ...edit };
  if (merged.withUncommitted === false) delete merged.withUncommitted;
  return merged;
}

/**
 * `schedule edit <schedule> [--name N] [--template T] [--param k=v]… [--cron "EXPR"] [--tz ZONE] [--catch-up …] [--overlap …]
 * [--max-cost-per-day USD|none] [--watchdog-periods N] [--mcp NAME]… [--notify NAME… | --no-notify] [--agent A] [--base REF]
 * [--with-uncommitted | --no-with-uncommitted]`. Pure; a bad value is refused before the engine is asked.
 */
export function parseScheduleEditArgs(args: ReadonlyArray<string>): ScheduleEdit {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      name: { type: 'string' },
      template: { type: 'string' },
      param: { type: 'string', multiple: true, default: [] },
      cron: { type: 'string' },
      tz: { type: 'string' },
      'catch-up': { type: 'string' },
      overlap: { type: 'string' },
      'max-cost-per-day': { type: 'string' },
      'watchdog-periods': { type: 'string' },
      mcp: { type: 'string', multiple: true, default: [] },
      notify: { type: 'string', multiple: true, default: [] },
      'no-notify': { type: 'boolean', default: false },
      agent: { type: 'string' },
      base: { type: 'string' },
      'with-uncommitted': { type: 'boolean' },
      'no-with-uncommitted': { type: 'boolean' },
    },
  });
  const ref = onePositional(positionals, `autoloop schedule edit <schedule> ${EDIT_FLAGS}`);
  const maxCost = values['max-cost-per-day'];
  const changes: Omit<UpdateScheduleParams, 'id'> = {
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.template === undefined ? {} : { template: values.template }),
    ...(values.param.length === 0 ? {} : { params: parseParamFlags(values.param) }),
    ...(values.cron === undefined ? {} : { cron: notBlank('--cron', values.cron, CRON_EXAMPLE) }),
    ...(values.tz === undefined ? {} : { timezone: notBlank('--tz', values.tz, TZ_EXAMPLE) }),
    ...(values['catch-up'] === undefined ? {} : { catchUp: choiceFlag('--catch-up', values['catch-up'], CatchUp.options) }),
    ...(values.overlap === undefined ? {} : { overlap: choiceFlag('--overlap', values.overlap, Overlap.options) }),
    ...(maxCost === undefined ? {} : { maxCostUsdPerDay: maxCost === 'none' ? null : positiveNumber('--max-cost-per-day', maxCost, false) }),
    ...(values['watchdog-periods'] === undefined ? {} : { watchdogPeriods: watchdogPeriodsFlag(values['watchdog-periods']) }),
  };
  if (values['with-uncommitted'] && values['no-with-uncommitted']) throw new UsageError('--with-uncommitted and --no-with-uncommitted cannot go together');
  const settings = settingsEdit({
    ...values,
    'with-uncommitted': values['no-with-uncommitted'] ? false : values['with-uncommitted'],
  });
  if (Object.keys(changes).length === 0 && Object.keys(settings).length === 0) throw new UsageError(`schedule edit needs something to change: ${EDIT_FLAGS}`);
  const checked = UpdateScheduleParams.safeParse({ id: ref, ...changes, ...(Object.keys(settings).length > 0 ? { settings } : {}) });
  if (!checked.success) throw new UsageError(issuesInWords(checked.error));
  return { ref, changes, settings, json: values.json, dataDir: resolveDataDir(values['data-dir']) };
}

export const EDIT_FLAGS =
  '[--name N] [--template T] [--param k=v]… [--cron "EXPR"] [--tz ZONE] [--catch-up none|latest|all] [--overlap skip|queue|replace] ' +
  '[--max-cost-per-day USD|none] [--watchdog-periods N] [--mcp NAME]… [--notify NAME… | --no-notify] [--agent autoloop|claude-code|codex] ' +
  '[--base REF] [--with-uncommitted | --no-with-uncommitted]';
