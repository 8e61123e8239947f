import { isActive, type Run } from '../../../../shared/records';
import { isFailedRun } from '../../../../shared/run-outcome';

/** The run list's filters. */
export type RunFilter = 'all' | 'active' | 'paused' | 'ended' | 'failed';

/** The filters in the order the list offers them, with their labels. */
export const RUN_FILTERS: ReadonlyArray<Readonly<{ filter: RunFilter; label: string }>> = [
  { filter: 'all', label: 'All' },
  { filter: 'active', label: 'Active' },
  { filter: 'paused', label: 'Paused' },
  { filter: 'ended', label: 'Ended' },
  { filter: 'failed', label: 'Failed' },
];

/** Pure: whether a run belongs under a filter. "Ended" holds every ended run, failed ones too. */
export function matchesFilter(run: Pick<Run, 'status' | 'stopReason'>, filter: RunFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'active':
      return isActive(run.status);
    case 'paused':
      return run.status === 'paused';
    case 'ended':
      return run.status === 'ended';
    case 'failed':
      return isFailedRun(run);
  }
}

/** Pure: whether a run's name, template or id contains every word of the query (case-insensitive). */
export function matchesSearch(run: Pick<Run, 'id' | 'name' | 'template'>, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${run.name}\n${run.template}\n${run.id}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** Pure: the runs a filter and a search leave, in their order. */
export function filterRuns(runs: ReadonlyArray<Run>, filter: RunFilter, query: string): ReadonlyArray<Run> {
  return runs.filter((run) => matchesFilter(run, filter) && matchesSearch(run, query));
}

/** Pure: how many runs each filter holds (for the counts on the filter buttons). */
export function countRunsByFilter(runs: ReadonlyArray<Run>): Readonly<Record<RunFilter, number>> {
  const counts: Record<RunFilter, number> = { all: 0, active: 0, paused: 0, ended: 0, failed: 0 };
  for (const run of runs) {
    for (const { filter } of RUN_FILTERS) if (matchesFilter(run, filter)) counts[filter] += 1;
  }
  return counts;
}
