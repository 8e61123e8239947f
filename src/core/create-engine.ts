import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiHandlers, SystemInfo } from '../shared/api';
import { createApiService } from './api/api-service';
import { type EventBus, createEventBus } from './events/event-bus';
import type { Logger } from './logger';
import { resolveModel } from './providers/resolve-model';
import type { RunnerHost } from './runner-host/runner-host';
import { type Db, openDatabase } from './store/database';
import { createRunsRepository } from './store/runs-repository';
import { createTemplateRevisionsRepository } from './store/template-revisions-repository';
import { type Supervisor, type SupervisorDeps, createSupervisor } from './supervisor/run-supervisor';
import { createTemplateLibrary } from './templates/template-library';
import { reconcileOnStartup } from './supervisor/reconcile';

export type EngineOptions = Readonly<{
  dataDir: string;
  /** The folder with templates/ and scripts/ (the repository's resources/ or the packaged app's). */
  resourcesDir: string;
  host: RunnerHost;
  log: Logger;
  shell: SystemInfo['shell'];
  version: string;
  /** Timings of the supervisor; tests shorten them. */
  supervisor?: Partial<Pick<SupervisorDeps, 'handshakeTimeoutMs' | 'stopGraceMs' | 'liveness' | 'backoff'>>;
}>;

export type Engine = Readonly<{
  api: ApiHandlers;
  bus: EventBus;
  supervisor: Supervisor;
  db: Db;
  dataDir: string;
  /** Pauses every live run (`shutdown`) and closes the database. */
  close(): Promise<void>;
}>;

/** Opens the data folder and wires the engine: store, supervisor, templates, API (DESIGN §1). */
export function createEngine(options: EngineOptions): Engine {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(join(options.dataDir, 'autoloop.db'));
  const runs = createRunsRepository(db);
  const revisions = createTemplateRevisionsRepository(db);
  const bus = createEventBus((error) => options.log.error('an event listener failed', error));
  const scriptsFolder = join(options.resourcesDir, 'scripts');
  const defaultWorkdir = join(options.dataDir, 'workspaces');
  reconcileOnStartup(runs, options.log);
  const supervisor = createSupervisor({
    host: options.host,
    runs,
    revisions,
    bus,
    log: options.log,
    resolveModel: (model, workdir) => resolveModel(model, workdir, scriptsFolder),
    secrets: () => ({}),
    outputDirOf: (run) => {
      const folder = join(options.dataDir, 'runs', run.id, 'output');
      mkdirSync(folder, { recursive: true });
      return folder;
    },
    ...options.supervisor,
  });
  const api = createApiService({
    runs,
    revisions,
    templates: createTemplateLibrary(join(options.resourcesDir, 'templates'), join(options.dataDir, 'templates')),
    supervisor,
    log: options.log,
    scriptsFolder,
    info: { version: options.version, shell: options.shell, dataDir: options.dataDir, defaultWorkdir },
  });
  let closing: Promise<void> | null = null;
  return {
    api,
    bus,
    supervisor,
    db,
    dataDir: options.dataDir,
    close() {
      closing ??= (async () => {
        await supervisor.pauseAllForShutdown();
        supervisor.flushEvents();
        supervisor.dispose();
        db.close();
      })();
      return closing;
    },
  };
}
