import { assertNever } from '../../shared/assert';
import { receiveApprovalRequested, receiveApprovalResolved } from '../features/approvals/approvals-store';
import { receiveNotice } from '../features/notices/notices-store';
import { receiveEventPushed, receiveIterations } from '../features/runs/run-detail-store';
import { receiveRunDeleted, receiveRunUpdated } from '../features/runs/runs-store';
import type { ApiClient } from './create-api-client';

/** Subscribes once to the engine's pushes and routes each into its feature store; returns the unsubscribe function. */
export function startEventRouter(client: ApiClient): () => void {
  return client.onEvent((event) => {
    switch (event.type) {
      case 'run.updated':
        return receiveRunUpdated(event.run);
      case 'run.deleted':
        return receiveRunDeleted(event.runId);
      case 'run.iteration':
        return receiveIterations([event.iteration]);
      case 'run.event':
        return receiveEventPushed(event.event);
      case 'approval.requested':
        return receiveApprovalRequested(event.approval);
      case 'approval.resolved':
        return receiveApprovalResolved(event.approval);
      case 'notice':
        return receiveNotice({ level: event.level, message: event.message });
      case 'schedule.changed':
        // Read by the open Schedules page itself (useSchedulesRefresh), which asks the engine again.
        return;
      default:
        return assertNever(event, 'ApiPushEvent');
    }
  });
}
