import { hrefFor } from '../../app/routes';
import { formatTime } from '../../ui/format';
import { useRunsStore } from '../runs/runs-store';
import { describeDecidedBy, describeOutcome } from './approval-text';
import { useApprovalsStore } from './approvals-store';
import { useApprovalHistoryLoader } from './use-approvals-loader';

/** Answered requests shown under the inbox; the engine keeps more. */
export const HISTORY_SHOWN_MAX = 20;

/** The latest answered requests: what was asked, how it was answered, and by whom. */
export function ApprovalHistory() {
  const loadError = useApprovalHistoryLoader();
  const history = useApprovalsStore((state) => state.history);
  const runsById = useRunsStore((state) => state.byId);
  const shown = history.slice(0, HISTORY_SHOWN_MAX);
  return (
    <section className="panel" aria-labelledby="approval-history-heading">
      <h2 id="approval-history-heading">History</h2>
      {loadError && (
        <p role="alert" className="alert">
          {loadError}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="muted">No answered requests yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="approvals-history">
            <thead>
              <tr>
                <th scope="col">Answered</th>
                <th scope="col">Run</th>
                <th scope="col">Tool</th>
                <th scope="col">Request</th>
                <th scope="col">Outcome</th>
                <th scope="col">Decided by</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((approval) => (
                <tr key={approval.id} data-testid={`history-${approval.id}`}>
                  <td className="cell-time">{formatTime(approval.decidedAt)}</td>
                  <td>
                    <a href={hrefFor({ page: 'run', runId: approval.runId })}>{runsById[approval.runId]?.name ?? approval.runId}</a>
                  </td>
                  <td className="mono">{approval.tool}</td>
                  <td className="cell-summary">{approval.summary}</td>
                  <td>
                    <span className={`status-chip status-${approval.status}`}>{describeOutcome(approval)}</span>
                  </td>
                  <td>{describeDecidedBy(approval.decidedBy, approval.decidedVia)}</td>
                  <td className="cell-reason">{approval.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
