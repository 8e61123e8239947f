import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOP_OPTIONS, type RunStatus } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { createMemoryLogger } from '../logger';
import { createApprovalsRepository } from '../store/approvals-repository';
import { openDatabase } from '../store/database';
import { createRunsRepository } from '../store/runs-repository';
import { reconcileOnStartup } from './reconcile';

describe('reconcileOnStartup', () => {
  it('pauses every run that claims a process (interrupted), leaves the rest, and cancels pending approvals', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'autoloop-reconcile-')), 'autoloop.db'));
    const runs = createRunsRepository(db);
    const approvals = createApprovalsRepository(db);
    const statuses: RunStatus[] = ['starting', 'running', 'waiting_approval', 'stopping', 'paused', 'ended'];
    statuses.forEach((status, index) => runs.insertRun({ run: buildRun({ id: `r${index}`, name: status, status }), loop: DEFAULT_LOOP_OPTIONS, params: {} }));
    approvals.insert({
      id: 'a1',
      runId: 'r2',
      iteration: 1,
      tool: 'bash',
      input: { command: 'ls' },
      summary: 'bash: ls',
      risk: 'high',
      status: 'pending',
      scope: null,
      reason: null,
      decidedBy: null,
      requestedAt: 'now',
      decidedAt: null,
      expiresAt: null,
    });
    expect(reconcileOnStartup(runs, approvals, createMemoryLogger())).toBe(4);
    const after = Object.fromEntries(runs.listRuns(100).map((run) => [run.name, [run.status, run.pauseReason]]));
    expect(after).toEqual({
      starting: ['paused', 'interrupted'],
      running: ['paused', 'interrupted'],
      waiting_approval: ['paused', 'interrupted'],
      stopping: ['paused', 'interrupted'],
      paused: ['paused', null],
      ended: ['ended', null],
    });
    expect(approvals.get('a1')).toMatchObject({ status: 'cancelled', decidedBy: 'system' });
  });
});
