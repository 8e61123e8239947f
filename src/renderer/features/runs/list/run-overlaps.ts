import { useEffect, useMemo, useState } from 'react';
import type { Run, RunOverlap } from '../../../../shared/records';
import { useApiClient } from '../../../api/api-context';

/** Pure: each run's overlaps with other runs, by run id. */
export function overlapsByRun(overlaps: ReadonlyArray<RunOverlap>): Readonly<Record<string, ReadonlyArray<RunOverlap>>> {
  const byRun: Record<string, RunOverlap[]> = {};
  for (const overlap of overlaps) (byRun[overlap.runId] ??= []).push(overlap);
  return byRun;
}

/** How many file names the mark's tooltip lists per other run before it says "and N more". */
const FILES_NAMED = 5;

/** Pure: the mark's tooltip: which other runs on the same repository touch which of the same files. */
export function describeOverlaps(overlaps: ReadonlyArray<RunOverlap>, nameOf: (runId: string) => string): string {
  const lines = overlaps.map((overlap) => {
    const named = overlap.files.slice(0, FILES_NAMED).join(', ');
    const more = overlap.files.length > FILES_NAMED ? ` and ${overlap.files.length - FILES_NAMED} more` : '';
    return `"${nameOf(overlap.otherRunId)}" also changes ${named}${more}`;
  });
  return `May conflict: ${lines.join('; ')}. Merge one, then check the other.`;
}

/** Pure: a key that changes when any run's worktree changes may have changed (a new iteration, an end, a merge or discard). */
export function overlapsVersion(runs: ReadonlyArray<Run>): string {
  return runs
    .filter((run) => run.worktree !== null && (run.worktreeState === 'active' || run.worktreeState === null))
    .map((run) => `${run.id}:${run.iterations}:${run.status}`)
    .join(',');
}

/**
 * The runs on one repository whose unmerged changes touch the same files (`runs.overlaps`), asked again whenever a
 * run's worktree may have changed. A failure leaves the marks out: the list itself still works.
 */
export function useRunOverlaps(runs: ReadonlyArray<Run>): Readonly<Record<string, ReadonlyArray<RunOverlap>>> {
  const api = useApiClient();
  const version = overlapsVersion(runs);
  const [overlaps, setOverlaps] = useState<ReadonlyArray<RunOverlap>>([]);
  useEffect(() => {
    if (version === '') {
      setOverlaps([]);
      return;
    }
    let isCurrent = true;
    api.call('runs.overlaps', {}).then(
      (answer) => isCurrent && setOverlaps(answer.overlaps),
      () => isCurrent && setOverlaps([]),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, version]);
  return useMemo(() => overlapsByRun(overlaps), [overlaps]);
}
