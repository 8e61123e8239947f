import { useMemo } from 'react';
import type { RunId } from '../../../shared/records';
import { ApprovalCard } from './approval-card';
import { selectPendingOfRun, useApprovalsStore } from './approvals-store';

/** The run's pending approval requests, oldest first, answerable in place (by mouse, or `a`/`r`/`d` in a focused card); nothing when there are none. */
export function RunApprovals({ runId }: Readonly<{ runId: RunId }>) {
  const byId = useApprovalsStore((state) => state.byId);
  const pendingIds = useApprovalsStore((state) => state.pendingIds);
  const approvals = useMemo(() => selectPendingOfRun({ byId, pendingIds }, runId), [byId, pendingIds, runId]);
  if (approvals.length === 0) return null;
  return (
    <section className="panel approvals-panel" aria-labelledby="run-approvals-heading">
      <h2 id="run-approvals-heading">Waiting for your approval ({approvals.length})</h2>
      <p className="muted shortcuts">
        With a request focused: <kbd>a</kbd> allow once · <kbd>r</kbd> allow for this run · <kbd>d</kbd> deny
      </p>
      <ul className="approval-list">
        {approvals.map((approval) => (
          <li key={approval.id}>
            <ApprovalCard approval={approval} handlesKeys />
          </li>
        ))}
      </ul>
    </section>
  );
}
