import { existsSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Run } from '../../shared/records';
import type { RunOverlap } from '../../shared/worktree';
import { gitText } from './git';
import { resolveCommit } from './repo-info';

/** The bytes a folder takes, symlinks counted as links (a linked node_modules is not counted twice). */
export async function folderBytes(folder: string): Promise<number> {
  if (!existsSync(folder)) return 0;
  let total = 0;
  const pending = [folder];
  while (pending.length > 0) {
    const dir = pending.pop() ?? '';
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else
        total += await lstat(path).then(
          (stats) => stats.size,
          () => 0,
        );
    }
  }
  return total;
}

/** The files a run's branch changed since its base, cached by the branch's commit (a diff per run, not per call). */
export type ChangedFilesCache = Map<string, ReadonlyArray<string>>;

/** How many commit ranges the overlap cache keeps before it starts again (a long-lived engine sees many). */
const MAX_CACHED_RANGES = 500;

async function changedFiles(run: Run, cache: ChangedFilesCache): Promise<ReadonlyArray<string>> {
  const worktree = run.worktree;
  if (!worktree || !existsSync(worktree.repoPath)) return [];
  const tip = await resolveCommit(worktree.repoPath, `refs/heads/${worktree.branch}`);
  if (tip === null) return [];
  const key = `${worktree.baseCommit}..${tip}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const files = (await gitText(['diff', '--name-only', '--no-ext-diff', '--no-renames', worktree.baseCommit, tip, '--'], { cwd: worktree.repoPath }))
    .split('\n')
    .filter(Boolean);
  if (cache.size >= MAX_CACHED_RANGES) cache.clear();
  cache.set(key, files);
  return files;
}

/**
 * Runs on the same repository whose unmerged changes touch the same files, so a person merges them in a
 * sensible order: each pair listed both ways, with the shared files.
 */
export async function findOverlaps(runs: ReadonlyArray<Run>, cache: ChangedFilesCache): Promise<RunOverlap[]> {
  const active = runs.filter((run) => run.worktreeState === 'active' && run.worktree !== null);
  const byRepo = new Map<string, Run[]>();
  for (const run of active) {
    const repo = run.worktree?.repoPath ?? '';
    byRepo.set(repo, [...(byRepo.get(repo) ?? []), run]);
  }
  const overlaps: RunOverlap[] = [];
  for (const [repoPath, group] of byRepo) {
    if (group.length < 2) continue;
    const files = await Promise.all(group.map(async (run) => new Set(await changedFiles(run, cache).catch(() => []))));
    for (const [i, run] of group.entries()) {
      for (const [j, other] of group.entries()) {
        if (i === j) continue;
        const shared = [...(files[i] ?? [])].filter((file) => files[j]?.has(file));
        if (shared.length > 0) overlaps.push({ runId: run.id, otherRunId: other.id, repoPath, files: shared.toSorted() });
      }
    }
  }
  return overlaps;
}
