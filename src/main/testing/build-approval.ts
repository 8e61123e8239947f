import type { Approval } from '../../shared/records';

/** A pending approval record for tests of the shell; every field can be overridden. */
export function buildApproval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'a1',
    runId: 'r1',
    iteration: 1,
    tool: 'write_file',
    input: { path: 'notes.txt', content: 'hello' },
    summary: 'write notes.txt (5 bytes)',
    risk: 'medium',
    status: 'pending',
    scope: null,
    reason: null,
    decidedBy: null,
    requestedAt: '2026-11-26T10:00:05.000Z',
    decidedAt: null,
    expiresAt: null,
    ...overrides,
  };
}
