import { randomBytes } from 'node:crypto';
import { type ApiHandlers, type ApiParsedParams, StartRunParams } from '../../shared/api';
import type { PermissionRule } from '../../shared/records';
import type { ScheduleRunSettings } from '../../shared/schedules';
import { ApiFailure } from '../api-failure';
import type { ScheduleEngine } from '../schedules/schedule-engine';
import { checkCronExpression, checkTimezone } from '../schedules/cron-expression';
import { scheduleHealth } from '../schedules/schedule-health';
import { startParamsOf } from '../schedules/scheduled-run-starter';
import type { SchedulesTable, StoredSchedule } from '../store/schedules-table';
import type { SettingsRepository } from '../store/settings-repository';
import { planTemplateRun } from '../templates/plan-template-run';
import type { TemplateCatalog } from '../templates/template-catalog';

type ScheduleMethod = Extract<keyof ApiHandlers, `schedules.${string}`>;

export type ScheduleHandlerDeps = Readonly<{
  schedules: SchedulesTable;
  engine: ScheduleEngine;
  catalog: TemplateCatalog;
  settings: SettingsRepository;
  /** `runs.start`'s checks of the settings (not of the moment): a schedule is refused in the same words its slots would be blocked with. */
  checkStart(params: ApiParsedParams<'runs.start'>, plan: Awaited<ReturnType<typeof planTemplateRun>>): Promise<void>;
  now(): Date;
}>;

/** The engine's own time zone, the default of a new schedule. */
function localTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function checkCron(cron: string, timezone: string): void {
  const zone = checkTimezone(timezone);
  if (zone) throw new ApiFailure('invalid_input', zone.message, { field: 'timezone', position: zone.position });
  const problem = checkCronExpression(cron, timezone);
  if (problem) throw new ApiFailure('invalid_input', problem.message, { field: 'cron', position: problem.position });
}

/**
 * The unattended contract (issue #21): a run that could ask for approval must have an approval-timeout outcome pinned, or it would wait
 * for hours on a question nobody answers. Runs may ask under `ask` and `workspace-write`, or when a rule (the schedule's or its template's) says `ask`.
 */
function checkUnattended(settings: ScheduleRunSettings, templateRules: ReadonlyArray<PermissionRule>): void {
  const asksByProfile = settings.profile === 'ask' || settings.profile === 'workspace-write';
  const askingRule = [...(settings.rules ?? []), ...templateRules].find((rule) => rule.action === 'ask');
  if ((asksByProfile || askingRule) && settings.onApprovalTimeout === null) {
    const why = asksByProfile
      ? `its runs use the profile ${settings.profile}, which asks for approval`
      : `the rule for ${askingRule?.tool ?? 'a tool'} asks for approval`;
    throw new ApiFailure(
      'invalid_input',
      `A schedule runs unattended, but ${why}: pick what happens when nobody answers (--on-approval-timeout deny|pause|stop), or use the profile trusted or read-only`,
      { field: 'settings.onApprovalTimeout' },
    );
  }
}

export function createScheduleHandlers(deps: ScheduleHandlerDeps): Pick<ApiHandlers, ScheduleMethod> {
  const { schedules, engine } = deps;

  function requireSchedule(ref: string): StoredSchedule {
    const schedule = schedules.findSchedule(ref);
    if (!schedule) throw new ApiFailure('not_found', `There is no schedule "${ref}" (autoloop schedule ls lists them)`);
    return schedule;
  }

  /** Pins the settings: the profile (the defaults' when left out) and the approval-timeout outcome, checked against the template. */
  async function pinSettings(
    name: string,
    template: string,
    params: Record<string, string | number | boolean>,
    input: ApiParsedParams<'schedules.create'>['settings'],
  ): Promise<ScheduleRunSettings> {
    // The template must exist and lint now; a later deletion blocks slots instead.
    const plan = await planTemplateRun(deps.catalog, template, params);
    const profile = input.profile ?? plan.permissions.profile ?? deps.settings.get().runDefaults.profile;
    const settings: ScheduleRunSettings = { ...input, profile, onApprovalTimeout: input.onApprovalTimeout ?? null };
    checkUnattended(settings, plan.permissions.rules ?? []);
    await deps.checkStart(StartRunParams.parse(startParamsOf({ name, template, params, settings }, 'check')), plan);
    return settings;
  }

  async function create(params: ApiParsedParams<'schedules.create'>): Promise<StoredSchedule> {
    const timezone = params.timezone ?? localTimezone();
    checkCron(params.cron, timezone);
    const name = params.name ?? params.template;
    if (schedules.findSchedule(name)) throw new ApiFailure('conflict', `A schedule named "${name}" exists already: choose another --name`);
    const settings = await pinSettings(name, params.template, params.params, params.settings);
    const createdAt = deps.now().toISOString();
    const schedule: StoredSchedule = {
      id: `s${randomBytes(5).toString('hex')}`,
      name,
      template: params.template,
      params: params.params,
      settings,
      cron: params.cron,
      timezone,
      enabled: params.enabled,
      catchUp: params.catchUp,
      overlap: params.overlap,
      maxCostUsdPerDay: params.maxCostUsdPerDay,
      watchdogPeriods: params.watchdogPeriods,
      createdAt,
      decidedThrough: createdAt,
      watchdogNoticedAt: null,
    };
    schedules.insertSchedule(schedule);
    engine.wake();
    return schedule;
  }

  return {
    'schedules.list': async () => {
      const now = deps.now();
      return schedules.listSchedules().map((schedule) => ({ ...engine.view(schedule), health: scheduleHealth(schedules, schedule, now) }));
    },
    'schedules.get': async ({ id, slots }) => {
      const schedule = requireSchedule(id);
      return {
        schedule: engine.view(schedule),
        health: scheduleHealth(schedules, schedule, deps.now()),
        slots: slots === 0 ? [] : schedules.listSlots(schedule.id, slots),
      };
    },
    'schedules.create': async (params) => engine.view(await create(params)),
    'schedules.update': async ({ id, ...changes }) => {
      const schedule = requireSchedule(id);
      const cron = changes.cron ?? schedule.cron;
      const timezone = changes.timezone ?? schedule.timezone;
      checkCron(cron, timezone);
      if (changes.name !== undefined && changes.name !== schedule.name && schedules.findSchedule(changes.name)) {
        throw new ApiFailure('conflict', `A schedule named "${changes.name}" exists already: choose another name`, { field: 'name' });
      }
      const template = changes.template ?? schedule.template;
      const params = changes.params ?? schedule.params;
      const settings =
        changes.settings || changes.params || template !== schedule.template
          ? await pinSettings(changes.name ?? schedule.name, template, params, changes.settings ?? schedule.settings)
          : schedule.settings;
      // What came due under the old rules is decided under them.
      engine.wake();
      const updated = schedules.updateSchedule(schedule.id, { ...changes, template, cron, timezone, params, settings });
      engine.wake();
      return engine.view(updated);
    },
    'schedules.remove': async ({ id }) => {
      const schedule = requireSchedule(id);
      schedules.deleteSchedule(schedule.id);
      engine.wake();
      return { id: schedule.id };
    },
    'schedules.pause': async ({ id }) => {
      const schedule = requireSchedule(id);
      if (!schedule.enabled) return engine.view(schedule);
      engine.wake();
      return engine.view(schedules.updateSchedule(schedule.id, { enabled: false }));
    },
    'schedules.resume': async ({ id }) => {
      const schedule = requireSchedule(id);
      if (schedule.enabled) return engine.view(schedule);
      engine.closePausedGap(schedule);
      const resumed = schedules.updateSchedule(schedule.id, { enabled: true });
      engine.wake();
      return engine.view(resumed);
    },
    'schedules.pauseAll': async () => {
      const enabled = schedules.listSchedules().filter((schedule) => schedule.enabled);
      if (enabled.length === 0) return [];
      engine.wake();
      return enabled.map((schedule) => engine.view(schedules.updateSchedule(schedule.id, { enabled: false })));
    },
    'schedules.resumeAll': async () => {
      const paused = schedules.listSchedules().filter((schedule) => !schedule.enabled);
      const resumed = paused.map((schedule) => {
        engine.closePausedGap(schedule);
        return schedules.updateSchedule(schedule.id, { enabled: true });
      });
      if (resumed.length > 0) engine.wake();
      return resumed.map((schedule) => engine.view(schedule));
    },
    'schedules.runNow': async ({ id }) => {
      const schedule = requireSchedule(id);
      const slot = await engine.runNow(schedule);
      return { schedule: engine.view(requireSchedule(schedule.id)), slot: { runStatus: null, stopReason: null, durationMs: null, costUsd: null, ...slot } };
    },
    'schedules.slots': async ({ id, limit }) => schedules.listSlots(requireSchedule(id).id, limit),
  };
}
