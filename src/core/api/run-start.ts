import { DEFAULT_CONTEXT_MODE } from '../../shared/context-mode';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import type { ApiParsedParams } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS, type LoopOptions, type Run } from '../../shared/records';
import { CLAUDE_CODE_RESERVED_MCP_SERVER } from '../../shared/mcp';
import { unknownNotifiers } from '../../shared/notifiers';
import { isOptInOnly } from '../../shared/sandbox';
import { ApiFailure } from '../api-failure';
import { unpricedCostLimit } from '../budget/prices';
import { resolveModel } from '../providers/resolve-model';
import { providerSecrets } from '../providers/provider-keys';
import { decideSandbox } from '../sandbox/decide-sandbox';
import { planTemplateRun } from '../templates/plan-template-run';
import type { TemplateCatalog } from '../templates/template-catalog';
import type { ApiServiceDeps } from './api-service';
import { createKeyedLock } from './keyed-lock';
import type { AgentKind } from '../../shared/agents';
import type { Isolation } from '../../shared/worktree';
import { workdirFor } from './run-checks';
import type { TemplateFrontMatter } from '../../shared/templates';
import { type CreateWorktreeInput, createWorktree, removeWorktreeAndBranch } from '../worktrees/create-worktree';
import { decideIsolation } from '../worktrees/decide-isolation';

type TemplatePlan = Awaited<ReturnType<typeof planTemplateRun>>;

function newRunId(): string {
  return `r${randomBytes(6).toString('hex')}`;
}

/** The variables a run's tools may see besides the base allowlist: a template's, except those only a person may let through, and the person's. */
function toolEnvNames(declared: ReadonlyArray<string>, personal: ReadonlyArray<string>): string[] {
  return [...new Set([...declared.filter((name) => !isOptInOnly(name)), ...personal])];
}

/** What the worktree of a new run is made from: the folder, `--base`, `--with-uncommitted`, the template's `copy:` and `link:`. */
function worktreeInput(
  params: ApiParsedParams<'runs.start'>,
  frontMatter: TemplateFrontMatter,
  run: Readonly<{ folder: string; id: string; name: string; dataDir: string }>,
): CreateWorktreeInput {
  return {
    folder: run.folder,
    runId: run.id,
    runName: run.name,
    dataDir: run.dataDir,
    base: params.base,
    withUncommitted: params.withUncommitted,
    copy: frontMatter.copy,
    link: frontMatter.link,
  };
}

/** What `runs.start` decided from the settings, the template and the engine's configuration before anything is made. */
type CheckedStart = Readonly<{
  isolation: Isolation;
  model: string;
  loop: LoopOptions;
  permissions: Run['permissions'];
  sandbox: Exclude<ReturnType<typeof decideSandbox>, { refused: string }>;
  limits: Run['limits'];
  mcp: string[];
  agent: AgentKind;
  notify: string[] | undefined;
}>;

/**
 * The checks of `runs.start` that depend only on the settings, the template and the engine's configuration (model and script,
 * provider key, sandbox, MCP servers, notifiers, a cost limit on an unpriced model, isolation in the folder), not on the moment:
 * `schedules.create` and `schedules.update` run them too, so a schedule is refused in the same words instead of blocking each slot.
 */
async function checkStartSettings(
  deps: ApiServiceDeps,
  params: ApiParsedParams<'runs.start'>,
  plan: TemplatePlan,
  folder: string,
  /** A person's start, a schedule's slot (nobody watches: a provider with no key at all is refused), or a schedule being saved. */
  by: 'person' | 'slot' | 'schedule',
): Promise<CheckedStart> {
  const isolation = await decideIsolation({
    requested: params.isolation,
    templateDefault: plan.frontMatter.isolation,
    folder,
    chosen: params.workdir !== undefined,
  });
  const defaults = deps.settings.get().runDefaults;
  const model = params.model ?? plan.model ?? defaults.model ?? undefined;
  if (!model) throw new ApiFailure('invalid_input', 'Choose a model: the template names none', { field: 'model' });
  try {
    resolveModel(model, {
      workdir: folder,
      scriptsFolder: deps.scriptsFolder,
      providers: deps.settings.get().providers,
      env: deps.env ?? process.env,
      // A key may be added before the first slot (Settings → Providers, or the serving engine's environment); a slot without one is blocked.
      ...(by === 'schedule' ? { keyLater: true } : {}),
    });
  } catch (error) {
    throw new ApiFailure('invalid_input', messageOf(error), { field: 'model' });
  }
  // Nobody watches a scheduled run: one whose provider has no key is refused here (the slot is blocked) instead of failing at once.
  if (
    by === 'slot' &&
    !model.startsWith('scripted/') &&
    Object.keys(providerSecrets(deps.settings.get().providers, deps.env ?? process.env, model)).length === 0
  ) {
    const provider = model.split('/')[0] ?? model;
    throw new ApiFailure('unavailable', `the provider "${provider}" has no API key: add one in Settings → Providers or set its environment variable`, {
      field: 'model',
    });
  }
  // `verify` of runs.start (`--verify`) replaces the template's commands.
  const loop: LoopOptions = { ...DEFAULT_LOOP_OPTIONS, ...plan.loop, ...params.loop, ...(params.verify ? { verify: params.verify } : {}) };
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
  const mcp = [...new Set(params.mcp ?? plan.frontMatter.mcp ?? [])];
  const agent = params.agent ?? plan.frontMatter.agent ?? 'autoloop';
  // Claude Code and Codex get the run's servers through the runner (issue 22), and reach Autoloop's report and complete
  // through an MCP server named `autoloop`: a person's server may not take that name.
  if ((agent === 'claude-code' || agent === 'codex') && mcp.some((name) => name.toLowerCase() === CLAUDE_CODE_RESERVED_MCP_SERVER)) {
    throw new ApiFailure(
      'invalid_input',
      `The MCP server name "${CLAUDE_CODE_RESERVED_MCP_SERVER}" is reserved in ${agent === 'codex' ? 'Codex' : 'Claude Code'} runs (it serves Autoloop's report and complete): rename that server (autoloop mcp remove and add it again under another name), or start the run without it`,
      { field: 'mcp' },
    );
  }
  try {
    deps.mcp.launches(mcp, deps.env ?? process.env);
  } catch (error) {
    throw new ApiFailure('invalid_input', messageOf(error), { field: 'mcp' });
  }
  // Left out everywhere: every notifier configured for the event kind; a name that is no notifier is refused here, at the field.
  const notifyChoice = params.notify ?? plan.frontMatter.notify;
  const notify = notifyChoice === undefined ? undefined : [...new Set(notifyChoice)];
  const unknown = notify === undefined ? [] : unknownNotifiers(deps.settings.get().notify.notifiers, notify);
  if (unknown.length > 0) {
    const configured = deps.settings.get().notify.notifiers.map((notifier) => notifier.name);
    throw new ApiFailure(
      'invalid_input',
      `no notifier named ${unknown.map((name) => `"${name}"`).join(', ')}${params.notify === undefined ? ` (the template's notify:)` : ''}: ${
        configured.length === 0 ? 'there are none yet; add one in Settings → Notifiers' : `the notifiers are ${configured.join(', ')}`
      }`,
      { field: 'notify' },
    );
  }
  const unpriced = unpricedCostLimit(model, limits.maxCostUsd, deps.settings.get().prices);
  if (unpriced !== null) throw new ApiFailure('invalid_input', unpriced, { field: 'limits.maxCostUsd' });
  return { isolation, model, loop, permissions, sandbox, limits, mcp, agent, notify };
}

/**
 * `runs.start`'s settings checks for a schedule's runs, at `schedules.create`/`update` time: the working folder must exist (as
 * `runs.start` says), a left-out one stands for the fresh folder each run gets (made only when a run starts).
 */
export function createStartSettingsCheck(deps: ApiServiceDeps): (params: ApiParsedParams<'runs.start'>, plan: TemplatePlan) => Promise<void> {
  return async (params, plan) => {
    const folder = params.workdir === undefined ? join(deps.info.defaultWorkdir, 'next-run') : workdirFor(params.workdir, deps.info.defaultWorkdir, '');
    await checkStartSettings(deps, params, plan, folder, 'schedule');
  };
}

/** Who started a run besides a person through `runs.start`: a schedule's slot. */
export type RunOrigin = Readonly<{ scheduleId: string }>;

/** Starts a run as `runs.start` does; the engine's schedules pass their origin. */
export type RunStarter = (params: ApiParsedParams<'runs.start'>, origin?: RunOrigin) => Promise<Run>;

/** `runs.start`: plans the template's run, checks model, sandbox and limits, stores the run and launches it (or queues it over the cap). */
export function createRunStarter(deps: ApiServiceDeps, catalog: TemplateCatalog): RunStarter {
  const { runs, supervisor } = deps;
  const now = deps.now ?? (() => new Date());
  const startNamedRun = createKeyedLock();

  async function startRun(params: ApiParsedParams<'runs.start'>, origin?: RunOrigin): Promise<Run> {
    // A named start queues for its name at once, so concurrent calls replace in the order they came, not in the order their templates loaded.
    const named = params.name;
    if (named !== undefined)
      return startNamedRun(named, async () => startPlannedRun(params, await planTemplateRun(catalog, params.template, params.params), named, origin));
    // Loads by name (or explicit path), refuses lint errors with their findings, checks params, fills placeholders.
    const plan = await planTemplateRun(catalog, params.template, params.params);
    const { template } = plan;
    const name = params.name ?? (template.source === 'path' ? (plan.frontMatter.name ?? basename(template.file, '.md')) : template.name);
    // One start per name at a time: thirty concurrent `replace: true` calls replace in order and leave one run active.
    return startNamedRun(name, () => startPlannedRun(params, plan, name, origin));
  }

  async function startPlannedRun(params: ApiParsedParams<'runs.start'>, plan: TemplatePlan, name: string, origin: RunOrigin | undefined): Promise<Run> {
    const { template } = plan;
    const clash = runs.listRunsWithStatus(['queued', 'starting', 'running', 'waiting_approval', 'stopping']).find((row) => row.run.name === name);
    if (clash && !params.replace) {
      throw new ApiFailure('conflict', `A run named "${name}" is already active (${clash.run.id}); stop it, choose another name, or replace it`);
    }
    const id = newRunId();
    const folder = workdirFor(params.workdir, deps.info.defaultWorkdir, id);
    const { isolation, model, loop, permissions, sandbox, limits, mcp, agent, notify } = await checkStartSettings(
      deps,
      params,
      plan,
      folder,
      origin ? 'slot' : 'person',
    );
    if (clash) await supervisor.stop(clash.run.id, 'user_stop');
    const isolated =
      isolation === 'worktree' ? await createWorktree(worktreeInput(params, plan.frontMatter, { folder, id, name, dataDir: deps.info.dataDir })) : null;
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
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0,
      limits,
      permissions,
      model,
      workdir: isolated?.workdir ?? folder,
      sandbox: sandbox.kind,
      network: [...new Set([...(plan.frontMatter.network ?? []), ...(params.network ?? [])])],
      ...(mcp.length > 0 ? { mcp } : {}),
      ...(notify === undefined ? {} : { notify }),
      isolation,
      agent,
      worktree: isolated?.worktree ?? null,
      worktreeState: isolated ? 'active' : null,
      ...(loop.verify.length > 0 ? { verify: loop.verify } : {}),
      // The person's choice, else the template's `context:`, else the conversation carried (today's loop).
      context: params.context ?? plan.frontMatter.context ?? DEFAULT_CONTEXT_MODE,
      ...(origin ? { scheduleId: origin.scheduleId } : {}),
      createdAt: now().toISOString(),
      startedAt: null,
      endedAt: null,
    };
    try {
      runs.insertRun({
        run,
        loop,
        params: plan.values,
        passEnv: toolEnvNames(plan.frontMatter.env ?? [], params.env ?? []),
        ...(isolated ? { setup: plan.frontMatter.setup ?? [], worktreeExclude: isolated.exclude } : {}),
      });
    } catch (error) {
      // A run that could not be stored leaves no worktree or branch behind.
      if (isolated) await removeWorktreeAndBranch(isolated.worktree.repoPath, isolated.worktree.path, isolated.worktree.branch).catch(() => undefined);
      throw error;
    }
    // Over the concurrency cap the run waits as `queued`; it starts in its turn.
    return deps.queue.submit(id);
  }

  return startRun;
}
