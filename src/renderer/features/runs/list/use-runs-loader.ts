import type { ApiClient } from '../../../api/create-api-client';
import { useLoadOnConnect } from '../../../api/use-load-on-connect';
import { receiveRunsListed, runsStore } from '../runs-store';
import { listAllRuns } from '../../../../shared/list-all-runs';

/** Fetches every run (page after page) into the runs store, without undoing pushes that arrive meanwhile. */
export async function refreshRuns(api: ApiClient): Promise<void> {
  const askedAt = runsStore.getState().pushCount;
  receiveRunsListed(await listAllRuns((page) => api.call('runs.list', page)), askedAt);
}

/** Loads the runs once, and again after each reconnect; returns the last load's error, if any. */
export function useRunsLoader(): string | null {
  return useLoadOnConnect(refreshRuns, 'the runs');
}
