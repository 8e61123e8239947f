import type { Approval, ApprovalStatus } from '../../shared/records';
import type { Db } from './database';

type ApprovalsTableRow = {
  id: string;
  run_id: string;
  iteration: number;
  tool: string;
  input: string;
  summary: string;
  risk: Approval['risk'];
  status: ApprovalStatus;
  scope: Approval['scope'];
  reason: string | null;
  decided_by: Approval['decidedBy'];
  decided_via: string | null;
  requested_at: string;
  decided_at: string | null;
  expires_at: string | null;
  schedule_name: string | null;
};

function toApproval(row: ApprovalsTableRow): Approval {
  return {
    id: row.id,
    runId: row.run_id,
    iteration: row.iteration,
    tool: row.tool,
    input: JSON.parse(row.input) as unknown,
    summary: row.summary,
    risk: row.risk,
    status: row.status,
    scope: row.scope,
    reason: row.reason,
    decidedBy: row.decided_by,
    requestedAt: row.requested_at,
    decidedAt: row.decided_at,
    expiresAt: row.expires_at,
    ...(row.schedule_name === null ? {} : { scheduleName: row.schedule_name }),
    ...(row.decided_via === null ? {} : { decidedVia: row.decided_via }),
  };
}

export type ApprovalResolution = Pick<Approval, 'status' | 'scope' | 'reason' | 'decidedBy' | 'decidedAt'> & Readonly<{ decidedVia?: string }>;

/** Every approval request and how it was answered. */
export interface ApprovalsRepository {
  insert(approval: Approval): void;
  get(id: string): Approval | null;
  /** Returns the resolved request, or null when it was not pending any more. */
  resolve(id: string, resolution: ApprovalResolution): Approval | null;
  /** The requests still waiting, oldest first; of one run when given. */
  pending(runId?: string): Approval[];
  /** A run's requests oldest first, or the newest 1,000 of every run. */
  history(runId?: string): Approval[];
}

/** The approvals table. */
export function createApprovalsRepository(db: Db): ApprovalsRepository {
  const insert =
    db.prepare(`INSERT INTO approvals (id, run_id, iteration, tool, input, summary, risk, status, scope, reason, decided_by, requested_at, decided_at, expires_at, schedule_name)
    VALUES (@id, @runId, @iteration, @tool, @input, @summary, @risk, @status, @scope, @reason, @decidedBy, @requestedAt, @decidedAt, @expiresAt, @scheduleName)`);
  const get = db.prepare('SELECT * FROM approvals WHERE id = ?');
  // Resolves only a pending request: a request is answered exactly once.
  const resolve =
    db.prepare(`UPDATE approvals SET status = @status, scope = @scope, reason = @reason, decided_by = @decidedBy, decided_at = @decidedAt, decided_via = @decidedVia
    WHERE id = @id AND status = 'pending'`);
  const pending = db.prepare("SELECT * FROM approvals WHERE status = 'pending' ORDER BY requested_at, rowid");
  const pendingOfRun = db.prepare("SELECT * FROM approvals WHERE status = 'pending' AND run_id = ? ORDER BY requested_at, rowid");
  const ofRun = db.prepare('SELECT * FROM approvals WHERE run_id = ? ORDER BY requested_at, rowid');
  const all = db.prepare('SELECT * FROM approvals ORDER BY requested_at DESC, rowid DESC LIMIT 1000');

  function getApproval(id: string): Approval | null {
    const row = get.get(id) as ApprovalsTableRow | undefined;
    return row ? toApproval(row) : null;
  }

  return {
    insert(approval) {
      insert.run({ ...approval, scheduleName: approval.scheduleName ?? null, input: JSON.stringify(approval.input ?? null) });
    },
    get: getApproval,
    resolve(id, resolution) {
      const changed = resolve.run({ id, ...resolution, decidedVia: resolution.decidedVia ?? null }).changes;
      return changed === 1 ? getApproval(id) : null;
    },
    pending(runId) {
      return ((runId === undefined ? pending.all() : pendingOfRun.all(runId)) as ApprovalsTableRow[]).map(toApproval);
    },
    history(runId) {
      return ((runId === undefined ? all.all() : ofRun.all(runId)) as ApprovalsTableRow[]).map(toApproval);
    },
  };
}
