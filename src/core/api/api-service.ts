import type { ConfirmImport } from '../../shared/api';
import { unpricedCostLimit } from '../budget/prices';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ApiHandlers, ApiParsedParams, SystemInfo } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import {
  type Approval,
  DEFAULT_LOOP_OPTIONS,
  DEFAULT_PERMISSIONS,
  type LoopOptions,
  type Run,
} from '../../shared/records';
import { canDelete, canPause, isResumable } from '../../shared/run-actions';
import { messageOf } from '../../shared/errors';
import { type SandboxKind, isOptInOnly } from '../../shared/sandbox';
import { decideSandbox } from '../sandbox/decide-sandbox';
import type { Logger } from '../logger';
import { type ProviderEnv, maskSettings } from '../providers/provider-keys';
import { resolveModel } from '../providers/resolve-model';
import type { RunsRepository } from '../store/runs-repository';
import type { DatabaseMaintenance } from '../store/database-maintenance';
import type { SettingsRepository } from '../store/settings-repository';
import type { ApprovalsRepository } from '../store/approvals-repository';
import type { Db } from '../store/database';
import type { EventRetention } from '../store/event-retention';
import { exportRunBundle, importRunBundle } from '../bundles/run-bundle';
import type { TemplateRevisionsRepository } from '../store/template-revisions-repository';
import type { Supervisor } from '../supervisor/run-supervisor';
import type { Decision } from '../approvals/approval-broker';
import { planTemplateRun } from '../templates/plan-template-run';
import { createTemplateCatalog } from '../templates/template-catalog';
import type { TemplateLibrary } from '../templates/template-library';
import { ApiFailure } from '../api-failure';
import { createKeyedLock } from './keyed-lock';
import { createProviderHandlers } from './provider-handlers';
import { listRunsPage } from './runs-page';
import { createTemplateHandlers } from './template-handlers';

export type ApiServiceDeps = Readonly<{
  runs: RunsRepository;
  revisions: TemplateRevisionsRepository;
  templates: TemplateLibrary;
  supervisor: Supervisor;
  approvals: ApprovalsRepository;
  /** A person's answer to an approval request (the broker's; not_found / conflict when it cannot apply). */
  decideApproval(id: string, decision: Decision): Approval;
  settings: SettingsRepository;
  db: Db;
  retention: EventRetention;
  /** Tells every window about a run the API created outside the supervisor (an import). */
  publish(run: Run): void;
  /** Tells every window a run is gone. */
  publishDeleted(runId: string): void;
  /** The current UTC day's usage across runs (the accountant's). */
  usageToday(): { day: string; tokens: number; costUsd: number; unpricedResponses: number };
  maintenance: DatabaseMaintenance;
  log: Logger;
  scriptsFolder: string;
  /** The OS sandbox this machine offers (probed once, on first use). */
  availableSandbox(): SandboxKind;
  info: Omit<SystemInfo, 'protocol'>;
  now?: () => Date;
  /** The engine's environment, for provider keys named by `apiKeyEnv`; `process.env` when left out. */
  env?: ProviderEnv;
}>;

function newRunId(): string {
  return `r${randomBytes(6).toString('hex')}`;
}

function requireRun(runs: RunsRepository, id: string): Run {
  const row = runs.getRun(id);
  if (!row) throw new ApiFailure('not_found', `There is no run with the id ${id}`);
  return row.run;
}

/** Picks and checks the run's working folder: the given one must exist; none given gets a fresh folder. */
function workdirFor(given: string | undefined, defaultWorkdir: string, runId: string): string {
  if (given === undefined) {
    const folder = join(defaultWorkdir, runId);
    mkdirSync(folder, { recursive: true });
    return folder;
  }
  const folder = resolve(given);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new ApiFailure('invalid_input', `The working folder ${folder} does not exist; create it or choose another`, { field: 'workdir' });
  }
  return folder;
}

/** The variables a run's tools may see besides the base allowlist: a template's, except those only a person may let through, and the person's. */
function toolEnvNames(declared: ReadonlyArray<string>, personal: ReadonlyArray<string>): string[] {
  return [...new Set([...declared.filter((name) => !isOptInOnly(name)), ...personal])];
}

/** The Autoloop API as the engine implements it; both shells serve exactly this (DESIGN §5). */
export function createApiService(deps: ApiServiceDeps): ApiHandlers {
  const { runs, supervisor } = deps;
  const now = deps.now ?? (() => new Date());
  const catalog = createTemplateCatalog({ library: deps.templates, scriptsFolder: deps.scriptsFolder, settings: () => deps.settings.get() });

  const startNamedRun = createKeyedLock();

  async function startRun(params: ApiParsedParams<'runs.start'>): Promise<Run> {
    // Loads by name (or explicit path), refuses lint errors with their findings, checks params, fills placeholders.
    const plan = await planTemplateRun(catalog, params.template, params.params);
    const { template } = plan;
    const name = params.name ?? (template.source === 'path' ? (plan.frontMatter.name ?? basename(template.file, '.md')) : template.name);
    // One start per name at a time: thirty concurrent `replace: true` calls replace in order and leave one run active.
    return startNamedRun(name, () => startPlannedRun(params, plan, name));
  }

  async function startPlannedRun(params: ApiParsedParams<'runs.start'>, plan: Awaited<ReturnType<typeof planTemplateRun>>, name: string): Promise<Run> {
    const { template } = plan;
    const clash = runs.listRunsWithStatus(['starting', 'running', 'waiting_approval', 'stopping']).find((row) => row.run.name === name);
    if (clash && !params.replace) {
      throw new ApiFailure('conflict', `A run named "${name}" is already active (${clash.run.id}); stop it, choose another name, or replace it`);
    }
    const id = newRunId();
    const workdir = workdirFor(params.workdir, deps.info.defaultWorkdir, id);
    const defaults = deps.settings.get().runDefaults;
    const model = params.model ?? plan.model ?? defaults.model ?? undefined;
    if (!model) throw new ApiFailure('invalid_input', 'Choose a model: the template names none', { field: 'model' });
    try {
      resolveModel(model, { workdir, scriptsFolder: deps.scriptsFolder, providers: deps.settings.get().providers, env: deps.env ?? process.env });
    } catch (error) {
      throw new ApiFailure('invalid_input', messageOf(error), { field: 'model' });
    }
    const loop: LoopOptions = { ...DEFAULT_LOOP_OPTIONS, ...plan.loop, ...params.loop };
    const permissions = {
      ...DEFAULT_PERMISSIONS,
      profile: defaults.profile,
      approvalTimeoutMs: defaults.approvalTimeoutMs,
      onApprovalTimeout: defaults.onApprovalTimeout,
      ...plan.permissions,
      ...params.permissions,
    };
    const sandbox = decideSandbox({ profile: permissions.profile, available: deps.availableSandbox(), platform: process.platform });
    if ('refused' in sandbox) throw new ApiFailure('unavailable', sandbox.refused, { field: 'permissions' });
    const limits = { ...defaults.limits, ...plan.limits, ...params.limits };
    const unpriced = unpricedCostLimit(model, limits.maxCostUsd, deps.settings.get().prices);
    if (unpriced !== null) throw new ApiFailure('invalid_input', unpriced, { field: 'limits.maxCostUsd' });
    if (clash) await supervisor.stop(clash.run.id, 'user_stop');
    // The run pins the filled program; the unfilled source is recorded as a revision of the template too.
    deps.revisions.save(template.name, template.text);
    const templateRevision = deps.revisions.save(template.name, plan.text);

    const run: Run = {
      id,
      name,
      template: template.name,
      templateRevision,
      status: 'starting',
      stopReason: null,
      pauseReason: null,
      detail: null,
      iterations: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      limits,
      permissions,
      model,
      workdir,
      sandbox: sandbox.kind,
      network: [...new Set([...(plan.frontMatter.network ?? []), ...(params.network ?? [])])],
      createdAt: now().toISOString(),
      startedAt: null,
      endedAt: null,
    };
    runs.insertRun({ run, loop, params: plan.values, passEnv: toolEnvNames(plan.frontMatter.env ?? [], params.env ?? []) });
    supervisor.launch(id, 'fresh');
    return requireRun(runs, id);
  }

  /**
   * An imported run resumes only with the person's confirmation of its profile, rules, working folder and model:
   * without it the answer shows what it would run with; with it those are stored first.
   */
  function confirmImportedRun(run: Run, confirm: ConfirmImport | undefined): Run {
    if (runs.getRun(run.id)?.importPending !== true) return run;
    if (confirm === undefined) {
      const { profile, rules } = run.permissions;
      throw new ApiFailure(
        'conflict',
        `The run "${run.name}" was imported: confirm its profile (now ${profile}), rules (now ${rules.length}), working folder (now ${run.workdir}) and model (now ${run.model}) to resume it`,
        { field: 'confirmImport', current: { profile, rules, workdir: run.workdir, model: run.model } },
      );
    }
    const workdir = workdirFor(confirm.workdir, deps.info.defaultWorkdir, run.id);
    try {
      resolveModel(confirm.model, { workdir, scriptsFolder: deps.scriptsFolder, providers: deps.settings.get().providers, env: deps.env ?? process.env });
    } catch (error) {
      throw new ApiFailure('invalid_input', messageOf(error), { field: 'confirmImport.model' });
    }
    const unpriced = unpricedCostLimit(confirm.model, run.limits.maxCostUsd, deps.settings.get().prices);
    if (unpriced !== null) throw new ApiFailure('invalid_input', unpriced, { field: 'limits.maxCostUsd' });
    // The sandbox follows the confirmed profile, as at start; the bundle's own say nothing here.
    const sandbox = decideSandbox({ profile: confirm.profile, available: deps.availableSandbox(), platform: process.platform });
    if ('refused' in sandbox) throw new ApiFailure('unavailable', sandbox.refused, { field: 'confirmImport.profile' });
    runs.confirmImport(run.id);
    return runs.updateRun(run.id, {
      sandbox: sandbox.kind,
      permissions: { ...run.permissions, profile: confirm.profile, rules: confirm.rules },
      workdir,
      model: confirm.model,
      // A paused run resumes as one that was interrupted; a crashed one keeps its crash until it starts.
      pauseReason: run.status === 'paused' ? 'interrupted' : null,
    });
  }

  return {
    'runs.start': startRun,
    'runs.list': async (params) => listRunsPage(runs, params),
    'runs.get': async ({ id }) => requireRun(runs, id),
    'runs.stop': async ({ id }) => {
      const run = requireRun(runs, id);
      if (run.status === 'ended') {
        throw new ApiFailure('conflict', `The run "${run.name}" has already ended`);
      }
      return supervisor.stop(id, 'user_stop');
    },
    'runs.pause': async ({ id }) => {
      const run = requireRun(runs, id);
      const pausing = canPause(run) ? supervisor.requestPause(id, 'user') : null;
      if (!pausing) throw new ApiFailure('conflict', `The run "${run.name}" is ${run.status}: only a running run can be paused`);
      return pausing;
    },
    'runs.resume': async ({ id, limits, confirmImport }) => {
      const run = confirmImportedRun(requireRun(runs, id), confirmImport);
      if (!isResumable(run)) {
        throw new ApiFailure('conflict', `The run "${run.name}" is ${run.status}: only a paused or crashed run can be resumed`);
      }
      const unpriced = limits ? unpricedCostLimit(run.model, { ...run.limits, ...limits }.maxCostUsd, deps.settings.get().prices) : null;
      if (unpriced !== null) throw new ApiFailure('invalid_input', unpriced, { field: 'limits.maxCostUsd' });
      return supervisor.resume(id, limits ? { ...run.limits, ...limits } : undefined);
    },
    'runs.delete': async ({ id }) => {
      const run = requireRun(runs, id);
      if (!canDelete(run) || supervisor.isLive(id)) {
        throw new ApiFailure('conflict', `The run "${run.name}" is ${run.status}: stop it before deleting it`);
      }
      runs.deleteRun(id);
      deps.publishDeleted(id);
      return { id };
    },
    'runs.export': async ({ id }) => {
      supervisor.flushEvents();
      return exportRunBundle({ runs, revisions: deps.revisions, approvals: deps.approvals }, id, deps.info.version);
    },
    'runs.import': async ({ bundle }) => {
      const defaults = deps.settings.get().runDefaults;
      const importerDefaults = (runId: string) => ({
        permissions: { ...DEFAULT_PERMISSIONS, profile: defaults.profile, approvalTimeoutMs: defaults.approvalTimeoutMs, onApprovalTimeout: defaults.onApprovalTimeout },
        model: defaults.model,
        workdir: workdirFor(undefined, deps.info.defaultWorkdir, runId),
      });
      const imported = importRunBundle(
        { db: deps.db, runs, revisions: deps.revisions, approvals: deps.approvals, retention: deps.retention, importerDefaults },
        bundle,
        now(),
      );
      deps.publish(imported.run);
      return imported;
    },
    'runs.iterations': async ({ id }) => {
      requireRun(runs, id);
      return runs.listIterations(id);
    },
    'runs.events': async ({ id, afterSeq, limit }) => {
      requireRun(runs, id);
      supervisor.flushEvents();
      const events = runs.listEvents(id, afterSeq, limit);
      return { events, lastSeq: events.at(-1)?.seq ?? afterSeq };
    },
    'approvals.list': async ({ runId, status }) => {
      if (runId !== undefined) requireRun(runs, runId);
      return status === 'pending' ? deps.approvals.pending(runId) : deps.approvals.history(runId);
    },
    'approvals.decide': async ({ id, decision, scope, reason }) =>
      deps.decideApproval(id, { decision, scope, ...(reason === undefined ? {} : { reason }) }),
    ...createTemplateHandlers({ catalog, revisions: deps.revisions, startRun }),
    'settings.get': async () => maskSettings(deps.settings.get()),
    'settings.set': async (patch) => maskSettings(deps.settings.update(patch)),
    ...createProviderHandlers({ settings: deps.settings, env: deps.env ?? process.env }),
    'usage.today': async () => deps.usageToday(),
    'system.info': async () => ({ ...deps.info, protocol: PROTOCOL_VERSION }),
    'system.compact': async () => deps.maintenance.compact(),
    'system.checkIntegrity': async () => deps.maintenance.checkIntegrity(),
  };
}
