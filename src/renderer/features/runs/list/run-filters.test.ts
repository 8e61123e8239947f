import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { isFailedRun } from '../../../../shared/run-outcome';
import { countRunsByFilter, filterRuns, matchesSearch } from './run-filters';

const runs = [
  builders.run({ id: 'r-active', name: 'Nightly tests', template: 'test-fixer', status: 'running' }),
  builders.run({ id: 'r-waiting', name: 'Docs pass', template: 'docs-improver', status: 'waiting_approval' }),
  builders.run({ id: 'r-paused', name: 'Budget', status: 'paused', pauseReason: 'budget' }),
  builders.run({ id: 'r-done', name: 'Counter', template: 'demo-counter', status: 'ended', stopReason: 'completed' }),
  builders.run({ id: 'r-crash', name: 'Broken', status: 'ended', stopReason: 'crash' }),
  builders.run({ id: 'r-timeout', name: 'Unanswered', status: 'ended', stopReason: 'approval_timeout' }),
];
const ids = (list: ReadonlyArray<{ id: string }>): string[] => list.map((run) => run.id);

describe('run filters', () => {
  it('sorts runs into active, paused, ended and failed', () => {
    expect(ids(filterRuns(runs, 'active', ''))).toEqual(['r-active', 'r-waiting']);
    expect(ids(filterRuns(runs, 'paused', ''))).toEqual(['r-paused']);
    expect(ids(filterRuns(runs, 'ended', ''))).toEqual(['r-done', 'r-crash', 'r-timeout']);
    expect(ids(filterRuns(runs, 'failed', ''))).toEqual(['r-crash', 'r-timeout']);
    expect(countRunsByFilter(runs)).toEqual({ all: 6, active: 2, paused: 1, ended: 3, failed: 2 });
  });

  it('counts every failure stop reason as failed, and rules or people as not', () => {
    for (const stopReason of ['crash', 'failure_limit', 'protocol_error', 'spawn_failed', 'approval_timeout', 'permission_denied'] as const) {
      expect(isFailedRun({ status: 'ended', stopReason })).toBe(true);
    }
    for (const stopReason of ['completed', 'user_stop', 'stagnation', 'iteration_limit', 'time_limit'] as const) {
      expect(isFailedRun({ status: 'ended', stopReason })).toBe(false);
    }
  });

  it('searches name, template and id, every word, ignoring case', () => {
    expect(ids(filterRuns(runs, 'all', 'nightly'))).toEqual(['r-active']);
    expect(ids(filterRuns(runs, 'all', 'DEMO-COUNTER'))).toEqual(['r-done']);
    expect(ids(filterRuns(runs, 'all', 'r-crash'))).toEqual(['r-crash']);
    expect(ids(filterRuns(runs, 'ended', 'r-'))).toEqual(['r-done', 'r-crash', 'r-timeout']);
    expect(matchesSearch(runs[0] ?? builders.run(), 'tests fixer')).toBe(true);
    expect(matchesSearch(runs[0] ?? builders.run(), 'tests docs')).toBe(false);
  });
});
