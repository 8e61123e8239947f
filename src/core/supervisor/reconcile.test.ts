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
    const iteration = {
      runId: 'r1',
      n: 3,
      status: 'running' as const,
      summary: '',
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: null,
      durationMs: null,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0,
      commit: null,
    };
    runs.saveIteration(iteration);
    runs.saveIteration({ ...iteration, runId: 'r5', n: 1, status: 'ok', endedAt: '2026-01-01T00:01:00.000Z' });
    expect(reconcileOnStartup(runs, approvals, createMemoryLogger())).toBe(4);
    // The iteration in flight was cut short; a finished one stays as it was.
    expect(runs.listIterations('r1')).toEqual([expect.objectContaining({ n: 3, status: 'interrupted', endedAt: expect.any(String) })]);
    expect(runs.listIterations('r5')).toEqual([expect.objectContaining({ n: 1, status: 'ok', endedAt: '2026-01-01T00:01:00.000Z' })]);
    const after = Object.fromEntries(runs.listRuns(100).map((run) => [run.name, [run.status, run.pauseReason]]));
    expect(after).toEqual({
      starting: ['paused', 'interrupted'],
      running: ['paused', 'interrupted'],
      waiting_approval: ['paused', 'interrupted'],
      stopping: ['paused', 'interrupted'],
      paused: ['paused', null],
      ended: ['ended', null],
    });
    expect(approvals.get('a1')).toMatchObject({ status: 'cancelled', decidedBy: 'cancelled' });
  });
});
