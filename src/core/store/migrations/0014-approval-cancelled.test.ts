import { describe, expect, it } from 'vitest';
import { createApprovalsRepository } from '../approvals-repository';
import { databaseBefore } from '../testing/database-before';

describe('migration 0014', () => {
  it('says `cancelled` for a withdrawn request an older engine stored as `system`, and leaves the other answers', () => {
    const { db, upgrade } = databaseBefore(14, { withRun: true });
    const request = db.prepare(
      `INSERT INTO approvals (id, run_id, iteration, tool, input, summary, risk, status, decided_by, requested_at)
      VALUES (?, 'r1', 1, 'bash', '{}', 's', 'high', ?, ?, 'now')`,
    );
    request.run('a1', 'cancelled', 'system');
    request.run('a2', 'allowed', 'user');
    request.run('a3', 'pending', null);
    upgrade();
    const approvals = createApprovalsRepository(db);
    expect(['a1', 'a2', 'a3'].map((id) => approvals.get(id)?.decidedBy)).toEqual(['cancelled', 'user', null]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
