import { useEffect, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import type { RunDiff, RunId } from '../../../../shared/records';
import { useApiClient } from '../../../api/api-context';

/** What the Changes tab shows: the diff once loaded (the last one stays while a newer one loads), or why it could not load. */
export type RunDiffLoad = Readonly<{ diff: RunDiff | null; error: string | null; isLoading: boolean }>;

/** Loads `runs.diff` for the run (or one iteration of it) and loads again when `version` changes (a new iteration commit). */
export function useRunDiff(runId: RunId, iteration: number | null, version: string): RunDiffLoad {
  const api = useApiClient();
  const [load, setLoad] = useState<RunDiffLoad>({ diff: null, error: null, isLoading: true });
  useEffect(() => {
    let isCurrent = true;
    setLoad((known) => ({ diff: known.diff?.iteration === iteration ? known.diff : null, error: null, isLoading: true }));
    api.call('runs.diff', iteration === null ? { id: runId } : { id: runId, iteration }).then(
      (diff) => isCurrent && setLoad({ diff, error: null, isLoading: false }),
      (failure: unknown) => isCurrent && setLoad({ diff: null, error: `Could not load the changes: ${messageOf(failure)}`, isLoading: false }),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, runId, iteration, version]);
  return load;
}
