import { z } from 'zod';
import type { StartRunParams } from '../../../shared/api';
import { parseDuration } from '../../../shared/duration';
import { limitText } from '../../../shared/limit-text';
import type { ApprovalTimeoutAction, PermissionRule } from '../../../shared/records';
import { GitRefName } from '../../../shared/worktree';
import type { CatchUp, Overlap, Schedule } from '../../../shared/schedules';
import type { CreateScheduleParams, ScheduleSettingsInput } from '../../../shared/schedules-api';
import type { DraftErrors, NewRunDraft } from '../runs/new-run/new-run-draft';

/** What the schedule form holds besides the new-run form's draft: when it runs and what it does unattended, as typed. */
export type ScheduleDraft = Readonly<{
  cron: string;
  /** Empty: the engine's own time zone. */
  timezone: string;
  catchUp: CatchUp;
  overlap: Overlap;
  /** USD over a rolling 24 h; empty: no budget. */
  maxCostUsdPerDay: string;
  /** A duration such as `15m`; empty: the default in Settings. */
  approvalTimeout: string;
  /** Empty: none pinned, which the engine refuses when the runs could ask. */
  onApprovalTimeout: ApprovalTimeoutAction | '';
  /** The branch or commit each run's worktree starts from (`--base`); empty: the folder's current commit. */
  base: string;
  /** Each run's worktree gets the folder's uncommitted changes too (`--with-uncommitted`). */
  withUncommitted: boolean;
  /** Permission rules the schedule pins that the form does not show (set through the API); kept as they are on save. */
  rules?: ReadonlyArray<PermissionRule>;
}>;

/** A new schedule's fields: every night at 03:00 in the engine's zone, the engine's defaults for catch-up and overlap. */
export const NEW_SCHEDULE_DRAFT: ScheduleDraft = {
  cron: '0 3 * * *',
  timezone: '',
  catchUp: 'latest',
  overlap: 'skip',
  maxCostUsdPerDay: '',
  approvalTimeout: '',
  onApprovalTimeout: '',
  base: '',
  withUncommitted: false,
};

/** `schedules.create` params without the template's fields filled, or the field errors to show. */
export type ScheduleCheck = Readonly<{ ok: true; params: CreateScheduleParams } | { ok: false; errors: DraftErrors }>;

function durationText(ms: number | undefined): string {
  if (ms === undefined) return '';
  const units: ReadonlyArray<readonly [number, string]> = [
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  const unit = units.find(([size]) => ms % size === 0);
  return unit ? `${ms / unit[0]}${unit[1]}` : `${ms}ms`;
}

/** Pure: the schedule's own fields as the form shows them. */
export function scheduleDraftFrom(schedule: Schedule): ScheduleDraft {
  return {
    cron: schedule.cron,
    timezone: schedule.timezone,
    catchUp: schedule.catchUp,
    overlap: schedule.overlap,
    maxCostUsdPerDay: schedule.maxCostUsdPerDay === null ? '' : String(schedule.maxCostUsdPerDay),
    approvalTimeout: durationText(schedule.settings.approvalTimeoutMs),
    onApprovalTimeout: schedule.settings.onApprovalTimeout ?? '',
    base: schedule.settings.base ?? '',
    withUncommitted: schedule.settings.withUncommitted === true,
    ...(schedule.settings.rules ? { rules: schedule.settings.rules } : {}),
  };
}

/** Pure: the new-run form's fields of a schedule's pinned run settings (what `draftForTemplate` gives, overlaid with them). */
export function runDraftPatchFrom(schedule: Schedule, fresh: NewRunDraft): Partial<NewRunDraft> {
  const { settings } = schedule;
  const params: Record<string, string | boolean> = { ...fresh.params };
  for (const [name, value] of Object.entries(schedule.params)) params[name] = typeof value === 'boolean' ? value : String(value);
  return {
    name: schedule.name,
    params,
    model: settings.model ?? fresh.model,
    workdir: settings.workdir ?? '',
    maxIterations: limitText('maxIterations', settings.limits?.maxIterations),
    maxTokens: limitText('maxTokens', settings.limits?.maxTokens),
    maxCostUsd: limitText('maxCostUsd', settings.limits?.maxCostUsd),
    maxDuration: limitText('maxDurationMs', settings.limits?.maxDurationMs),
    interval: durationText(settings.loop?.intervalMs),
    profile: settings.profile,
    isolation: settings.isolation ?? '',
    context: settings.context ?? '',
    agent: settings.agent ?? '',
    mcp: (settings.mcp ?? []).join(', '),
    // No notifier at all is written `none` in the form; left out: the template's, else all.
    notify: settings.notify === undefined ? '' : settings.notify.length === 0 ? 'none' : settings.notify.join(', '),
    network: (settings.network ?? []).join(', '),
    env: (settings.env ?? []).join(', '),
    verify: (settings.verify ?? []).join('\n'),
  };
}

/** The verify commands `checkDraft` sends are plain strings, one a command. */
function verifyCommands(verify: StartRunParams['verify']): string[] | undefined {
  if (verify === undefined) return undefined;
  const steps = Array.isArray(verify) ? verify : [verify];
  return steps.map((step) => (typeof step === 'string' ? step : step.run));
}

/**
 * Pure: the new-run form's checked params (`checkDraft`) and the schedule's fields as `schedules.create` params, or the field errors.
 * The run's name is the schedule's name; each run is then named "<schedule> @ <time>".
 */
export function checkScheduleDraft(run: StartRunParams, draft: ScheduleDraft): ScheduleCheck {
  const errors: Record<string, string> = {};
  const cron = draft.cron.trim();
  if (cron === '') errors.cron = 'Type a cron expression, such as 0 3 * * * (every day at 03:00)';
  let maxCostUsdPerDay: number | null = null;
  if (draft.maxCostUsdPerDay.trim() !== '') {
    const value = Number(draft.maxCostUsdPerDay.trim().replace(/^\$/, ''));
    if (!Number.isFinite(value) || value <= 0) errors.maxCostUsdPerDay = 'Use an amount in USD above 0, such as 2 or 0.50';
    else maxCostUsdPerDay = value;
  }
  let approvalTimeoutMs: number | undefined;
  if (draft.approvalTimeout.trim() !== '') {
    const parsed = parseDuration(draft.approvalTimeout);
    if (parsed === null || parsed <= 0) errors.approvalTimeout = 'Use a duration such as 10m, 1h or 90s';
    else approvalTimeoutMs = Math.round(parsed);
  }
  const base = draft.base.trim();
  if (base !== '' && !GitRefName.safeParse(base).success) errors.base = 'Use a branch, tag or commit name such as main or v1.2 (no spaces, no ..)';
  if (draft.withUncommitted && run.isolation === 'none')
    errors.withUncommitted = 'Uncommitted changes go into a worktree: choose isolation worktree, or leave this off';
  if (base !== '' && run.isolation === 'none') errors.base = 'A base is where a worktree starts: choose isolation worktree, or leave it empty';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const verify = verifyCommands(run.verify);
  const settings: ScheduleSettingsInput = {
    ...(run.model ? { model: run.model } : {}),
    ...(run.workdir ? { workdir: run.workdir } : {}),
    ...(run.limits ? { limits: run.limits } : {}),
    ...(run.loop ? { loop: run.loop } : {}),
    ...(run.permissions?.profile ? { profile: run.permissions.profile } : {}),
    ...(run.isolation ? { isolation: run.isolation } : {}),
    ...(run.network ? { network: run.network } : {}),
    ...(run.env ? { env: run.env } : {}),
    ...(verify ? { verify } : {}),
    ...(approvalTimeoutMs === undefined ? {} : { approvalTimeoutMs }),
    ...(draft.onApprovalTimeout === '' ? {} : { onApprovalTimeout: draft.onApprovalTimeout }),
    ...(draft.rules && draft.rules.length > 0 ? { rules: [...draft.rules] } : {}),
    ...(run.context ? { context: run.context } : {}),
    ...(run.agent ? { agent: run.agent } : {}),
    ...(run.mcp && run.mcp.length > 0 ? { mcp: run.mcp } : {}),
    ...(run.notify === undefined ? {} : { notify: run.notify }),
    ...(base === '' ? {} : { base }),
    ...(draft.withUncommitted ? { withUncommitted: true } : {}),
  };
  return {
    ok: true,
    params: {
      template: run.template,
      ...(run.name ? { name: run.name } : {}),
      params: run.params ?? {},
      settings,
      cron,
      ...(draft.timezone.trim() === '' ? {} : { timezone: draft.timezone.trim() }),
      catchUp: draft.catchUp,
      overlap: draft.overlap,
      maxCostUsdPerDay,
    },
  };
}

const FieldDetails = z.object({ field: z.string(), position: z.number().int().min(0).optional() });

/** The schedule form's field an engine refusal names (`details.field`), beyond the new-run form's own. */
const SCHEDULE_FIELD_OF_DETAIL: Readonly<Record<string, string>> = {
  cron: 'cron',
  timezone: 'timezone',
  name: 'name',
  'settings.onApprovalTimeout': 'onApprovalTimeout',
  'settings.approvalTimeoutMs': 'approvalTimeout',
  maxCostUsdPerDay: 'maxCostUsdPerDay',
};

/** Pure: the schedule field an engine error is about and the column it names (a cron field), or null when it names none of them. */
export function scheduleFieldError(
  error: Readonly<{ message: string; details?: unknown }>,
): Readonly<{ field: string; message: string; position: number | null }> | null {
  const details = FieldDetails.safeParse(error.details);
  if (!details.success) return null;
  const field = SCHEDULE_FIELD_OF_DETAIL[details.data.field];
  if (field === undefined) return null;
  const position = details.data.position ?? 0;
  return { field, message: error.message, position: position > 0 ? position : null };
}

/** Pure: the line under a cron expression that points at a column: "        ^" under the 9th character. */
export function caretLine(position: number): string {
  return `${' '.repeat(Math.max(0, position - 1))}^`;
}
