import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiHandlers, SystemInfo } from '../shared/api';
import type { Settings } from '../shared/settings';
import { chosenAgentPath } from './agents/agent-path';
import { createApiService } from './api/api-service';
import { type EventBus, createEventBus } from './events/event-bus';
import type { Logger } from './logger';
import { providerSecrets } from './providers/provider-keys';
import { resolveModel } from './providers/resolve-model';
import type { RunnerHost } from './runner-host/runner-host';
import type { Db } from './store/database';
import { ensurePrivateFolder, makeFilesPrivate } from './store/private-files';
import { createRunsRepository } from './store/runs-repository';
import { createTemplateRevisionsRepository } from './store/template-revisions-repository';
import { type Supervisor, type SupervisorDeps, createSupervisor } from './supervisor/run-supervisor';
import { createTemplateLibrary } from './templates/template-library';
import { reconcileOnStartup } from './supervisor/reconcile';
import { createEventWriter } from './events/event-writer';
import { createPauseOnWriteTrouble } from './supervisor/pause-on-write-trouble';
import { createEventRetention } from './store/event-retention';
import { type SecretSealer, createSettingsRepository } from './store/settings-repository';
import { createMcpStore } from './mcp/mcp-store';
import { createApprovalsRepository } from './store/approvals-repository';
import { APPROVAL_CONTEXT_EVENTS, createApprovalBroker } from './approvals/approval-broker';
import { createAccountant } from './budget/accountant';
import type { RunChanges } from './store/runs-repository';
import type { Approval, Run } from '../shared/records';
import { type ActionLinks, createActionLinks } from './notify/action-links';
import { createDatabaseMaintenance } from './store/database-maintenance';
import { type EngineLock, type EngineOwner, acquireEngineLock } from './data-folder/engine-lock';
import { OWNER_OF_SHELL, openStore, readOnlyReason, requireStoredRun, startAgeRetention } from './engine-wiring';
import { readOnlyHandlers } from './api/read-only-handlers';
import { type LargeFrameReader, createLargeFrameReader } from './bundles/large-frame-reader';
import type { SandboxKind } from '../shared/sandbox';
import { decideSandbox } from './sandbox/decide-sandbox';
import { detectSandbox } from './sandbox/detect-sandbox';
import { sandboxSpecFor } from './sandbox/sandbox-spec';
import { type WorktreeEngine, startWorktreeEngine } from './worktrees/worktree-engine';
import { wireEngineSchedules } from './engine-schedules';
import { type NamedTokens, createNamedTokens } from './serving/named-tokens';

export type EngineOptions = Readonly<{
  dataDir: string;
  /** The folder with templates/ and scripts/ (the repository's resources/ or the packaged app's). */
  resourcesDir: string;
  host: RunnerHost;
  log: Logger;
  shell: SystemInfo['shell'];
  version: string;
  /** The person asked to move a damaged database aside and start fresh (never done without asking). */
  moveDamagedDatabase?: boolean;
  /** Seals provider keys at rest (Electron passes one over safeStorage); without it keys are stored as given. */
  secretSealer?: SecretSealer;
  /** Which engine this is, as `engine.lock` names it; defaults from `shell`. */
  owner?: EngineOwner;
  /**
   * `exclusive` (the default) takes `engine.lock` and may write; `read-only` is for a folder another
   * live engine holds: the database opened read-only, no reconciliation or pruning, every method
   * that would change something refused with the reason.
   */
  access?: 'exclusive' | 'read-only';
  /** The built worker that reads large API frames (out/main/bundle-frame-worker.js); without it they are read in-process. */
  bundleWorkerEntry?: string;
  /** The OS sandbox this machine offers; probed at the first run when left out (tests pass `none` to see a refusal). */
  sandbox?: SandboxKind;
  /** Whether schedules start runs here; by default `serve` and the desktop app do, an engine for one CLI command does not. */
  runSchedules?: boolean;
  /** Tests shorten the lateness (default 60 s) that makes a due slot a catch-up after sleep or downtime. */
  scheduleWakeLatenessMs?: number;
  /** Timings of the supervisor; tests shorten them. */
  supervisor?: Partial<Pick<SupervisorDeps, 'handshakeTimeoutMs' | 'stopGraceMs' | 'liveness' | 'backoff'>>;
  /** Tests and benchmarks look inside through this; the shells never do. */
  inspect?(internals: EngineInternals): void;
}>;

/** The engine's parts a test or a benchmark may look at; no shell sees them. */
export type EngineInternals = Readonly<{ db: Db; supervisor: Supervisor; worktrees: WorktreeEngine }>;

/** What the shells (Electron, server, CLI) get from the engine: the API, its events, and the shutdown. */
export interface Engine {
  readonly api: ApiHandlers;
  readonly bus: EventBus;
  readonly dataDir: string;
  /** The named access tokens other machines use (issue #25); the server checks requests against them. */
  readonly tokens: NamedTokens;
  /** Single-use action links for notifications (issue #25). */
  readonly actionLinks: ActionLinks;
  /** A person's answer through a notifier's action link: allow once or deny, recorded with `decidedBy: 'link'` and the notifier. */
  decideApprovalByLink(id: string, decision: 'allow' | 'deny', notifier: string): Approval;
  /** The notifiers a run's events go to, by name; undefined: every notifier configured for the event kind (and for a run it does not know). */
  runNotify(runId: string): ReadonlyArray<string> | undefined;
  /** The current settings (for the shells: notifications, dialogs). */
  settings(): Settings;
  /** The pid of the run's runner process; null when it has none (diagnostics and benchmarks). */
  runnerPid(runId: string): number | null;
  /** Reads an API frame too large to parse on the event loop (a run bundle for `runs.import`) in a worker. */
  readonly readLargeFrame: LargeFrameReader;
  /** Pauses every live run (`shutdown`), each resumable from its checkpoint; later calls get the same runs. */
  pauseAllForShutdown(): Promise<readonly Run[]>;
  /** Pauses every live run (once), writes what is buffered and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the data folder and wires the engine: store, supervisor, templates, API (DESIGN §1).
 * Throws `DataFolderInUseError` when another live engine holds the folder (unless `read-only`).
 */
export function createEngine(options: EngineOptions): Engine {
  // The data folder holds the database, keys and server.json: the person's user only, whatever the umask.
  ensurePrivateFolder(options.dataDir);
  const lock = options.access === 'read-only' ? null : acquireEngineLock(options.dataDir, options.owner ?? OWNER_OF_SHELL[options.shell]);
  try {
    return wireEngine(options, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function wireEngine(options: EngineOptions, lock: EngineLock | null): Engine {
  const readOnly = lock === null;
  const dbFile = join(options.dataDir, 'autoloop.db');
  const db = openStore(options, dbFile);
  if (!readOnly) makeFilesPrivate([dbFile, `${dbFile}-wal`, `${dbFile}-shm`]);
  const runs = createRunsRepository(db);
  const revisions = createTemplateRevisionsRepository(db);
  const bus = createEventBus((error) => options.log.error('an event listener failed', error));
  const scriptsFolder = join(options.resourcesDir, 'scripts');
  const defaultWorkdir = join(options.dataDir, 'workspaces');
  ensurePrivateFolder(defaultWorkdir);
  const settings = createSettingsRepository(db, (message) => options.log.warn(message), options.secretSealer);
  const mcp = createMcpStore(db, (message) => options.log.warn(message), options.secretSealer);
  const retention = createEventRetention(db);
  // A folder another engine holds is its to reconcile and prune: its runs are live.
  if (!readOnly) reconcileOnStartup(runs, createApprovalsRepository(db), options.log);
  const ageTimer = startAgeRetention({ settings, retention, log: options.log, readOnly });
  const events = createEventWriter({
    db,
    runs,
    retention,
    maxBytesPerRun: () => settings.get().retention.perRunMaxBytes,
    publish: (event) => bus.publish({ type: 'run.event', event }),
    now: () => new Date().toISOString(),
    log: options.log,
    // A full disk (or a database that keeps refusing) pauses every run instead of losing events or the engine.
    onTrouble: (trouble) => void pauseOnWriteTrouble(trouble),
  });
  const approvals = createApprovalsRepository(db);
  const worktrees = startWorktreeEngine({ dataDir: options.dataDir, runs, bus, events, settings, log: options.log, readOnly });
  let probedSandbox: SandboxKind | undefined;
  const availableSandbox = (): SandboxKind => (probedSandbox ??= options.sandbox ?? detectSandbox());
  const updateAndPublish = (runId: string, changes: RunChanges): Run => {
    const run = runs.updateRun(runId, changes);
    bus.publish({ type: 'run.updated', run });
    return run;
  };
  const accountant = createAccountant({
    db,
    runs,
    settings: () => settings.get(),
    now: () => new Date(),
    publish: (run) => bus.publish({ type: 'run.updated', run }),
    warn(runId, message) {
      bus.publish({ type: 'notice', level: 'warning', message: `${runs.getRun(runId)?.run.name ?? runId}: ${message}` });
      events.enqueue([{ runId, iteration: 0, kind: 'notice', data: { message, budget: true }, at: new Date().toISOString() }]);
    },
  });
  // The broker and the supervisor need each other: requests come from runners, answers go back to them.
  const broker = createApprovalBroker({
    approvals,
    bus,
    now: () => new Date(),
    runOf: (runId) => requireStoredRun(runs, runId),
    update: updateAndPublish,
    scheduleNameOf: (scheduleId) => scheduling.table.getSchedule(scheduleId)?.name ?? null,
    runners: {
      sendToRunner: (runId, message) => supervisor.sendToRunner(runId, message),
      pauseAtNextGate: (runId, reason) => supervisor.pauseAtNextGate(runId, reason),
      end: (runId, reason, detail) => supervisor.end(runId, reason, detail),
    },
    recentEvents: (runId) => runs.listRecentEvents(runId, APPROVAL_CONTEXT_EVENTS),
  });
  const supervisor = createSupervisor({
    host: options.host,
    db,
    runs,
    revisions,
    bus,
    approvals: broker,
    accountant,
    events,
    log: options.log,
    resolveModel: (model, workdir) => resolveModel(model, { workdir, scriptsFolder, providers: settings.get().providers, env: process.env }),
    // Keys are read here, in the engine: the runner's environment has them stripped (DESIGN §2).
    secrets: (model) => providerSecrets(settings.get().providers, process.env, model),
    // Resolved at every launch, for this run only: `env:NAME` values come from the engine's environment.
    mcpLaunches: (names) => mcp.launches(names, process.env),
    // Read at every launch: a path chosen in Settings → Agents applies to the next run (and a resumed one).
    agentPath: (agent) => chosenAgentPath(settings.get(), agent),
    outputDirOf: (run) => {
      const folder = join(options.dataDir, 'runs', run.id, 'output');
      mkdirSync(folder, { recursive: true });
      return folder;
    },
    // Decided again at every launch: a run imported or resumed on this machine gets this machine's sandbox, or is refused.
    sandboxOf: (row) => {
      const decision = decideSandbox({ profile: row.run.permissions.profile, available: availableSandbox(), platform: process.platform });
      if ('refused' in decision) throw new Error(decision.refused);
      const run = decision.kind === row.run.sandbox ? row.run : runs.updateRun(row.run.id, { sandbox: decision.kind });
      return sandboxSpecFor(run, { dataDir: options.dataDir, providers: settings.get().providers, passEnv: row.passEnv ?? [], available: availableSandbox() });
    },
    commits: worktrees.commits,
    ...options.supervisor,
  });
  const runsSchedules = !readOnly && (options.runSchedules ?? options.shell !== 'embedded');
  const wake = options.scheduleWakeLatenessMs === undefined ? {} : { wakeLatenessMs: options.scheduleWakeLatenessMs };
  const scheduling = wireEngineSchedules({ db, runs, bus, settings, supervisor, log: options.log, update: updateAndPublish, runsSchedules, ...wake });
  const pauseOnWriteTrouble = createPauseOnWriteTrouble({ pauseAll: () => supervisor.pauseAllForShutdown(), update: updateAndPublish, bus, log: options.log });
  const tokens = createNamedTokens(db);
  const serviceWithoutTokens = createApiService({
    runs,
    revisions,
    templates: createTemplateLibrary(join(options.resourcesDir, 'templates'), join(options.dataDir, 'templates')),
    supervisor,
    approvals,
    decideApproval: (id, decision) => broker.decide(id, decision),
    approvalContext: (approval) => broker.withContext(approval),
    settings,
    mcp,
    db,
    retention,
    publish: (run) => bus.publish({ type: 'run.updated', run }),
    publishDeleted: (runId) => bus.publish({ type: 'run.deleted', runId }),
    usageToday: () => accountant.daily(),
    maintenance: createDatabaseMaintenance(db, join(options.dataDir, 'autoloop.db'), () => supervisor.flushEvents()),
    log: options.log,
    scriptsFolder,
    availableSandbox,
    worktrees,
    queue: scheduling.queue,
    schedules: scheduling,
    info: { version: options.version, shell: options.shell, dataDir: options.dataDir, defaultWorkdir, keyStorage: options.secretSealer ? 'sealed' : 'plain' },
  });
  const service: ApiHandlers = {
    ...serviceWithoutTokens,
    'tokens.list': async () => tokens.list(),
    'tokens.create': async ({ name, readOnly: watchOnly }) => tokens.create(name, watchOnly),
    'tokens.revoke': async ({ name }) => tokens.revoke(name),
  };
  const api = readOnly ? readOnlyHandlers(service, readOnlyReason(options.dataDir)) : service;
  options.inspect?.({ db, supervisor, worktrees });
  scheduling.start();
  let pausing: Promise<readonly Run[]> | null = null;
  let closing: Promise<void> | null = null;
  const pauseAllForShutdown = (): Promise<readonly Run[]> => (pausing ??= supervisor.pauseAllForShutdown());
  return {
    api,
    bus,
    dataDir: options.dataDir,
    tokens,
    actionLinks: createActionLinks({ db, dataDir: options.dataDir }),
    decideApprovalByLink: (id, decision, notifier) => broker.decide(id, { decision, scope: 'once' }, { decidedBy: 'link', decidedVia: notifier }),
    runNotify: (runId) => runs.getRun(runId)?.run.notify,
    settings: () => settings.get(),
    runnerPid: (runId) => supervisor.pidOf(runId),
    readLargeFrame: createLargeFrameReader(options.bundleWorkerEntry ?? null, options.log),
    pauseAllForShutdown,
    close() {
      closing ??= (async () => {
        await scheduling.stop();
        await pauseAllForShutdown();
        supervisor.flushEvents();
        supervisor.dispose();
        broker.dispose();
        clearInterval(ageTimer);
        worktrees.stop();
        await worktrees.ready;
        db.close();
        lock?.release();
        await options.host.close?.();
      })();
      return closing;
    },
  };
}
