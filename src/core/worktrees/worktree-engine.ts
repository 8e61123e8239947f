import type { Run } from '../../shared/records';
import type { EventBus } from '../events/event-bus';
import type { EventWriter } from '../events/event-writer';
import type { Logger } from '../logger';
import type { RunChanges, RunsRepository } from '../store/runs-repository';
import type { SettingsRepository } from '../store/settings-repository';
import { type IterationCommits, createIterationCommits } from './iteration-commits';
import { enforceWorktreeRetention, reconcileWorktrees } from './worktree-lifecycle';

/** How often the worktree retention runs while the engine is up (it also runs once the startup reconciliation is done). */
const RETENTION_EVERY_MS = 6 * 3_600_000;

export type WorktreeEngineDeps = Readonly<{
  dataDir: string;
  runs: RunsRepository;
  bus: EventBus;
  events: EventWriter;
  settings: SettingsRepository;
  log: Logger;
  /** A folder another engine holds: no reconciliation, no retention. */
  readOnly: boolean;
}>;

/** The engine's worktree parts: iteration commits, the startup reconciliation, the retention timer. */
export type WorktreeEngine = Readonly<{
  commits: IterationCommits;
  /** Folders under worktrees/ that belong to no run (once the startup reconciliation is done). */
  orphans(): Promise<string[]>;
  /** The startup reconciliation and first retention pass (tests wait for it). */
  ready: Promise<void>;
  stop(): void;
}>;

export function startWorktreeEngine(deps: WorktreeEngineDeps): WorktreeEngine {
  const { runs, bus, log } = deps;
  const update = (runId: string, changes: RunChanges): Run => {
    const run = runs.updateRun(runId, changes);
    bus.publish({ type: 'run.updated', run });
    return run;
  };
  const commits = createIterationCommits({
    runs,
    publishIteration: (iteration) => bus.publish({ type: 'run.iteration', iteration }),
    notice: (runId, kind, message) => deps.events.enqueue([{ runId, iteration: 0, kind, data: { message }, at: new Date().toISOString() }]),
    log,
  });
  const lifecycle = { dataDir: deps.dataDir, listRuns: () => runs.listRunsWithWorktree(), update, log };
  const retention = (): Promise<unknown> =>
    enforceWorktreeRetention(lifecycle, deps.settings.get().retention.worktreeMaxAgeDays, new Date()).catch((error: unknown) =>
      log.error('the worktree retention failed', error),
    );
  const reconciled: Promise<string[]> = deps.readOnly
    ? Promise.resolve([])
    : reconcileWorktrees(lifecycle).catch((error: unknown) => {
        log.error('reconciling the worktrees folder failed', error);
        return [];
      });
  reconciled.then(
    (orphans) => {
      for (const folder of orphans) {
        bus.publish({
          type: 'notice',
          level: 'warning',
          message: `${folder} belongs to no run: look inside, then remove it by hand if nothing in it is needed`,
        });
      }
    },
    () => undefined,
  );
  const ready = reconciled.then(async () => {
    if (!deps.readOnly) await retention();
  });
  const timer = setInterval(() => void (deps.readOnly || retention()), RETENTION_EVERY_MS);
  timer.unref();
  return { commits, orphans: () => reconciled, ready, stop: () => clearInterval(timer) };
}
