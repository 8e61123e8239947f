import { useEffect, useState } from 'react';
import { EVENTS_PAGE_MAX } from '../../../../shared/api';
import type { ApiClient } from '../../../api/create-api-client';
import { useApiClient } from '../../../api/api-context';
import { useConnectionStore } from '../../../api/connection-store';
import { ApiCallError } from '../../../api/api-call-error';
import { messageOf } from '../../../../shared/errors';
import type { RunId } from '../../../../shared/records';
import { closeRunDetail, openRunDetail, receiveEventsPage, receiveIterations, receiveLogLoaded, runDetailStore, useRunDetailStore } from '../run-detail-store';
import { receiveRunFetched, runsStore } from '../runs-store';

/** Events asked for per `runs.events` call while paging in a log. */
export const EVENTS_PAGE_SIZE = EVENTS_PAGE_MAX;

/** How loading the open run went; `isMissing` when the engine has no such run. */
export type RunDetailLoad = Readonly<{ error: string | null; isMissing: boolean }>;

/**
 * Loads a run, its iterations and its log after the last sequence number already shown, one
 * page at a time. `isCurrent` turns false when the view moved on, so a stale load writes nothing.
 */
export async function loadRunDetail(api: ApiClient, runId: RunId, isCurrent: () => boolean): Promise<void> {
  const askedAt = runsStore.getState().pushCount;
  const [run, iterations] = await Promise.all([api.call('runs.get', { id: runId }), api.call('runs.iterations', { id: runId })]);
  if (!isCurrent()) return;
  receiveRunFetched(run, askedAt);
  receiveIterations(iterations);
  for (;;) {
    const afterSeq = runDetailStore.getState().log.lastSeq;
    const page = await api.call('runs.events', { id: runId, afterSeq, limit: EVENTS_PAGE_SIZE });
    if (!isCurrent()) return;
    receiveEventsPage(runId, page.events);
    if (page.events.length < EVENTS_PAGE_SIZE) break;
  }
  receiveLogLoaded(runId);
}

/** Keeps the run detail store on `runId` while the view shows it, and loads again after a reconnect or a gap in the pushes. */
export function useRunDetail(runId: RunId): RunDetailLoad {
  const api = useApiClient();
  const reconnects = useConnectionStore((state) => state.reconnects);
  const refills = useRunDetailStore((state) => (state.runId === runId ? state.refills : 0));
  const [load, setLoad] = useState<RunDetailLoad>({ error: null, isMissing: false });

  useEffect(() => () => closeRunDetail(runId), [runId]);

  useEffect(() => {
    let isCurrent = true;
    openRunDetail(runId);
    setLoad({ error: null, isMissing: false });
    loadRunDetail(api, runId, () => isCurrent).catch((failure: unknown) => {
      if (!isCurrent) return;
      const isMissing = failure instanceof ApiCallError && failure.code === 'not_found';
      setLoad({ error: isMissing ? `There is no run with the id ${runId}.` : `Could not load the run: ${messageOf(failure)}`, isMissing });
    });
    return () => {
      isCurrent = false;
    };
  }, [api, runId, reconnects, refills]);

  return load;
}
