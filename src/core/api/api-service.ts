import type { ApiHandlers, SystemInfo } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { Approval, Run } from '../../shared/records';
import { canDelete, canGuide, canPause, isResumable } from '../../shared/run-actions';
import type { SandboxKind } from '../../shared/sandbox';
import { unpricedCostLimit } from '../budget/prices';
import type { Logger } from '../logger';
import { type ProviderEnv, maskSettings } from '../providers/provider-keys';
import type { RunsRepository } from '../store/runs-repository';
import type { DatabaseMaintenance } from '../store/database-maintenance';
import type { SettingsRepository } from '../store/settings-repository';
import type { ApprovalsRepository } from '../store/approvals-repository';
import type { Db } from '../store/database';
import type { EventRetention } from '../store/event-retention';
import { exportRunBundle } from '../bundles/run-bundle';
import type { TemplateRevisionsRepository } from '../store/template-revisions-repository';
import type { Supervisor } from '../supervisor/run-supervisor';
import type { Decision } from '../approvals/approval-broker';
import { createTemplateCatalog } from '../templates/template-catalog';
import type { TemplateLibrary } from '../templates/template-library';
import { ApiFailure } from '../api-failure';
import { createProviderHandlers } from './provider-handlers';
import { createAgentHandlers } from './agent-handlers';
import { checkAgentPathsPatch } from '../agents/agent-path';
import { createMcpHandlers } from './mcp-handlers';
import type { McpStore } from '../mcp/mcp-store';
import { requireRun } from './run-checks';
import { createRunImport } from './run-import';
import { createRunStarter, createStartSettingsCheck } from './run-start';
import { listRunsPage } from './runs-page';
import { createTemplateHandlers } from './template-handlers';
import { createWorktreeHandlers } from './worktree-handlers';
import type { WorktreeEngine } from '../worktrees/worktree-engine';
import { requireWorktreeToResume } from './run-checks';
import type { RunQueue } from '../run-queue/run-queue';
import type { EngineSchedules } from '../engine-schedules';
import { createScheduleHandlers } from './schedule-handlers';

export type ApiServiceDeps = Readonly<{
  runs: RunsRepository;
  revisions: TemplateRevisionsRepository;
  templates: TemplateLibrary;
  supervisor: Supervisor;
  approvals: ApprovalsRepository;
  /** A person's answer to an approval request (the broker's; not_found / conflict when it cannot apply). */
  decideApproval(id: string, decision: Decision): Approval;
  /** A pending request with its context (the broker's); answered ones as they are. */
  approvalContext(approval: Approval): Approval;
  settings: SettingsRepository;
  /** The configured MCP servers (Settings → Tools). */
  mcp: McpStore;
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
  /** Runs' git worktrees: iteration commits and the folders the startup reconciliation found without a run. */
  worktrees: Pick<WorktreeEngine, 'commits' | 'orphans'>;
  /** The concurrency cap's queue: a fresh run starts through it. */
  queue: RunQueue;
  /** The schedules' table and engine (built here, once `runs.start` exists). */
  schedules: Pick<EngineSchedules, 'table' | 'attach'>;
  now?: () => Date;
  /** The engine's environment, for provider keys named by `apiKeyEnv`; `process.env` when left out. */
  env?: ProviderEnv;
}>;

/** The Autoloop API as the engine implements it; both shells serve exactly this (DESIGN §5). */
/** Every handler but the `tokens.*` ones, which the engine adds over its named-token store. */
export type ServiceHandlers = Omit<ApiHandlers, 'tokens.list' | 'tokens.create' | 'tokens.revoke'>;

export function createApiService(deps: ApiServiceDeps): ServiceHandlers {
  const { runs, supervisor } = deps;
  const catalog = createTemplateCatalog({ library: deps.templates, scriptsFolder: deps.scriptsFolder, settings: () => deps.settings.get() });

  const startRun = createRunStarter(deps, catalog);
  const { importRun, confirmImportedRun } = createRunImport(deps);
  const scheduleEngine = deps.schedules.attach(startRun);

  return {
    'runs.start': startRun,
    'runs.list': async (params) => listRunsPage(runs, params),
    'runs.get': async ({ id }) => requireRun(runs, id),
    'runs.stop': async ({ id, after }) => {
      const run = requireRun(runs, id);
      if (run.status === 'ended') {
        throw new ApiFailure('conflict', `The run "${run.name}" has already ended`);
      }
      if (run.status === 'queued') return deps.queue.remove(id);
      return after === 'iteration' ? supervisor.stopAfterIteration(id, 'user_stop') : supervisor.stop(id, 'user_stop');
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
        throw new ApiFailure(
          'conflict',
          `The run "${run.name}" is ${run.status}: only a paused or crashed run can be resumed (or one whose provider refused the key)`,
        );
      }
      requireWorktreeToResume(run);
      // An iteration cut short left partial changes: they become their own commit before the run goes on.
      await deps.worktrees.commits.settle(id);
      const unpriced = limits ? unpricedCostLimit(run.model, { ...run.limits, ...limits }.maxCostUsd, deps.settings.get().prices) : null;
      if (unpriced !== null) throw new ApiFailure('invalid_input', unpriced, { field: 'limits.maxCostUsd' });
      return supervisor.resume(id, limits ? { ...run.limits, ...limits } : undefined);
    },
    'runs.delete': async ({ id }) => {
      const run = requireRun(runs, id);
      if (!canDelete(run) || supervisor.isLive(id)) {
        throw new ApiFailure('conflict', `The run "${run.name}" is ${run.status}: stop it before deleting it`);
      }
      if (run.worktreeState === 'active') {
        throw new ApiFailure(
          'conflict',
          `The run "${run.name}" has changes on its branch ${run.worktree?.branch ?? ''}: merge or discard them before deleting the run`,
        );
      }
      runs.deleteRun(id);
      deps.publishDeleted(id);
      return { id };
    },
    'runs.export': async ({ id }) => {
      supervisor.flushEvents();
      return exportRunBundle({ runs, revisions: deps.revisions, approvals: deps.approvals }, id, deps.info.version);
    },
    'runs.import': async ({ bundle }) => importRun(bundle),
    'runs.iterations': async ({ id }) => {
      requireRun(runs, id);
      return runs.listIterations(id);
    },
    ...createWorktreeHandlers({
      runs,
      settings: deps.settings,
      commits: deps.worktrees.commits,
      dataDir: deps.info.dataDir,
      isLive: (id) => supervisor.isLive(id),
      update: (id, changes) => {
        const run = runs.updateRun(id, changes);
        deps.publish(run);
        return run;
      },
      orphans: () => deps.worktrees.orphans(),
    }),
    'runs.events': async ({ id, afterSeq, limit }) => {
      requireRun(runs, id);
      supervisor.flushEvents();
      const events = runs.listEvents(id, afterSeq, limit);
      return { events, lastSeq: events.at(-1)?.seq ?? afterSeq };
    },
    'runs.guide': async ({ id, text }) => {
      const run = requireRun(runs, id);
      if (!canGuide(run)) {
        const why = run.status === 'ended' ? 'has ended' : `is ${run.status}`;
        throw new ApiFailure(
          'conflict',
          `The run "${run.name}" ${why}: guidance goes only to a running or paused run. Start a new run to give it instructions.`,
        );
      }
      return supervisor.guide(run, text);
    },
    'approvals.list': async ({ runId, status }) => {
      if (runId !== undefined) requireRun(runs, runId);
      return status === 'pending' ? deps.approvals.pending(runId).map(deps.approvalContext) : deps.approvals.history(runId).map(deps.approvalContext);
    },
    'approvals.decide': async ({ id, decision, scope, reason }) => deps.decideApproval(id, { decision, scope, ...(reason === undefined ? {} : { reason }) }),
    ...createTemplateHandlers({ catalog, revisions: deps.revisions, startRun }),
    ...createScheduleHandlers({
      schedules: deps.schedules.table,
      engine: scheduleEngine,
      catalog,
      settings: deps.settings,
      checkStart: createStartSettingsCheck(deps),
      now: deps.now ?? (() => new Date()),
    }),
    'runs.startNow': async ({ id }) => deps.queue.startNow(requireRun(runs, id).id),
    'runs.dequeue': async ({ id }) => deps.queue.remove(requireRun(runs, id).id),
    'settings.get': async () => maskSettings(deps.settings.get()),
    'settings.set': async (patch) => {
      // A newly chosen agent path is checked as agents.setPath checks it.
      await checkAgentPathsPatch(deps.settings.get(), patch);
      return maskSettings(deps.settings.update(patch));
    },
    ...createProviderHandlers({ settings: deps.settings, env: deps.env ?? process.env }),
    ...createAgentHandlers({ settings: deps.settings, env: deps.env ?? process.env }),
    ...createMcpHandlers({ store: deps.mcp, env: deps.env ?? process.env }),
    'usage.today': async () => deps.usageToday(),
    'system.info': async () => ({ ...deps.info, hostSandbox: deps.availableSandbox(), protocol: PROTOCOL_VERSION }),
    'system.compact': async () => deps.maintenance.compact(),
    'system.checkIntegrity': async () => deps.maintenance.checkIntegrity(),
  };
}
