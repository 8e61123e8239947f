import type { ApiClient } from '../../api/create-api-client';
import { useLoadOnConnect } from '../../api/use-load-on-connect';
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

/** Loads the pending requests once, and again after each reconnect (pushes missed meanwhile); returns the last error. */
export function usePendingApprovalsLoader(): string | null {
  return useLoadOnConnect(refreshPendingApprovals, 'the approval requests');
}

/** Loads the answered requests for the history, and again after each reconnect; returns the last error. */
export function useApprovalHistoryLoader(): string | null {
  return useLoadOnConnect(refreshApprovalHistory, 'the approval history');
}
