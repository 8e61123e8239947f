import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { useApiClient } from '../../api/api-context';
import { useConnectionStore } from '../../api/connection-store';
import type { ApiClient } from '../../api/create-api-client';
import { approvalsStore, receiveHistoryListed, receivePendingListed } from './approvals-store';

/** Fetches every pending request into the approvals store, without undoing pushes that arrive meanwhile. */
export async function refreshPendingApprovals(api: ApiClient): Promise<void> {
  const askedAt = approvalsStore.getState().pushCount;
  receivePendingListed(await api.call('approvals.list', { status: 'pending' }), askedAt);
}

/** Fetches the latest answered requests into the approvals store's history. */
export async function refreshApprovalHistory(api: ApiClient): Promise<void> {
  receiveHistoryListed(await api.call('approvals.list', { status: 'all' }));
}

function useLoadOnConnect(load: (api: ApiClient) => Promise<void>, what: string): string | null {
  const api = useApiClient();
  const reconnects = useConnectionStore((state) => state.reconnects);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    load(api).then(
      () => isCurrent && setError(null),
      (failure: unknown) => isCurrent && setError(`Could not load ${what}: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, reconnects, load, what]);
  return error;
}

/** Loads the pending requests once, and again after each reconnect (pushes missed meanwhile); returns the last error. */
export function usePendingApprovalsLoader(): string | null {
  return useLoadOnConnect(refreshPendingApprovals, 'the approval requests');
}

/** Loads the answered requests for the history, and again after each reconnect; returns the last error. */
export function useApprovalHistoryLoader(): string | null {
  return useLoadOnConnect(refreshApprovalHistory, 'the approval history');
}
