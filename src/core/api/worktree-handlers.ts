import type { ApiHandlers } from '../../shared/api';
import type { Run } from '../../shared/records';
import { ApiFailure } from '../api-failure';
import type { RunsRepository } from '../store/runs-repository';
import type { SettingsRepository } from '../store/settings-repository';
import { worktreesFolder } from '../worktrees/create-worktree';
import type { IterationCommits } from '../worktrees/iteration-commits';
import { planMerge, toMergeCheck } from '../worktrees/merge-check';
import { discardRun, mergeRun } from '../worktrees/merge-run';
import { requireWorktree, runDiff } from '../worktrees/run-diff';
import { type ChangedFilesCache, findOverlaps, folderBytes } from '../worktrees/worktree-insights';
import { worktreeFolders } from '../worktrees/worktree-lifecycle';
import { withRepoLock } from '../worktrees/repo-lock';
import { requireRun } from './run-checks';

export type WorktreeHandlerDeps = Readonly<{
  runs: RunsRepository;
  settings: SettingsRepository;
  commits: IterationCommits;
  dataDir: string;
  /** Whether the run has a process or a pending restart. */
  isLive(runId: string): boolean;
  /** Stores changes to a run and tells every window. */
  update(runId: string, changes: Partial<Pick<Run, 'worktreeState'>>): Run;
  /** Folders under worktrees/ that belong to no run, as the startup reconciliation found them. */
  orphans(): Promise<ReadonlyArray<string>>;
}>;

type WorktreeMethods = 'runs.diff' | 'runs.mergeCheck' | 'runs.merge' | 'runs.discard' | 'runs.overlaps' | 'system.worktrees';

/** The API of runs' worktrees: diff, dry-run merge, merge, discard, overlaps between runs, disk usage. */
export function createWorktreeHandlers(deps: WorktreeHandlerDeps): Pick<ApiHandlers, WorktreeMethods> {
  const { runs } = deps;
  // One change to a repository at a time (shared with worktree creation): two merges into one branch never race.
  const perRepo = withRepoLock;
  const overlapCache: ChangedFilesCache = new Map();

  return {
    'runs.diff': async ({ id, iteration, patch }) => {
      const row = runs.getRun(id);
      if (!row) throw new ApiFailure('not_found', `There is no run with the id ${id}`);
      return runDiff(row.run, row.worktreeExclude ?? [], runs.listIterations(id), iteration, patch);
    },
    'runs.mergeCheck': async ({ id, into }) => toMergeCheck(await planMerge(requireRun(runs, id), deps.isLive(id), into)),
    'runs.merge': async ({ id, strategy, into, keepBranch }) => {
      const worktree = requireWorktree(requireRun(runs, id));
      return perRepo(worktree.repoPath, async () => {
        if (!deps.isLive(id)) await deps.commits.settle(id);
        const merge = await mergeRun({
          run: requireRun(runs, id),
          iterations: runs.listIterations(id),
          live: deps.isLive(id),
          strategy,
          into,
          keepBranch: keepBranch === true,
        });
        return { run: deps.update(id, { worktreeState: 'merged' }), merge };
      });
    },
    'runs.discard': async ({ id, keepBranch }) => {
      const run = requireRun(runs, id);
      const worktree = requireWorktree(run);
      if (run.worktreeState !== 'active' && run.worktreeState !== 'missing') {
        throw new ApiFailure('conflict', `The run "${run.name}" has no worktree to discard (it is ${run.worktreeState ?? 'without one'})`);
      }
      if (deps.isLive(id) || run.status !== 'ended')
        throw new ApiFailure('conflict', `The run "${run.name}" is ${run.status}: stop it before discarding its changes`);
      return perRepo(worktree.repoPath, async () => {
        await discardRun(run, keepBranch === true);
        return deps.update(id, { worktreeState: 'discarded' });
      });
    },
    'runs.overlaps': async () => ({
      overlaps: await findOverlaps(
        runs.listRunsWithWorktree().map((row) => row.run),
        overlapCache,
      ),
    }),
    'system.worktrees': async () => ({
      folder: worktreesFolder(deps.dataDir),
      bytes: await folderBytes(worktreesFolder(deps.dataDir)),
      count: worktreeFolders(deps.dataDir).length,
      orphans: [...(await deps.orphans())],
      retentionDays: deps.settings.get().retention.worktreeMaxAgeDays,
    }),
  };
}
