import { describe, expect, it } from 'vitest';
import { buildRun } from '../../../shared/testing/build-run';
import { selectRunsToList } from './list-runs-command';

describe('selectRunsToList', () => {
  const now = new Date('2026-11-26T12:00:00.000Z');
  const runs = [
    buildRun({ id: 'active', status: 'running' }),
    buildRun({ id: 'paused-long-ago', status: 'paused', pauseReason: 'user', createdAt: '2026-01-01T00:00:00.000Z' }),
    buildRun({ id: 'ended-recently', status: 'ended', stopReason: 'completed', endedAt: '2026-11-26T08:00:00.000Z' }),
    buildRun({ id: 'ended-last-week', status: 'ended', stopReason: 'completed', endedAt: '2026-11-19T08:00:00.000Z' }),
  ];
  it('shows active and paused runs and those that ended in the last day', () => {
    expect(selectRunsToList(runs, false, now).map((run) => run.id)).toEqual(['active', 'paused-long-ago', 'ended-recently']);
  });
  it('shows every run with --all, in the order given', () => {
    expect(selectRunsToList(runs, true, now).map((run) => run.id)).toEqual(['active', 'paused-long-ago', 'ended-recently', 'ended-last-week']);
  });
});
