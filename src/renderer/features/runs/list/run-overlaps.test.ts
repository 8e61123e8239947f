import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { describeOverlaps, overlapsByRun, overlapsVersion } from './run-overlaps';

const worktree = { path: '/w', branch: 'autoloop/x', baseRef: 'main', baseCommit: 'abcdef12', repoPath: '/repo' };

describe('overlaps between runs', () => {
  it('groups the pairs by run and names the other runs and their shared files, a few at a time', () => {
    const overlaps = [
      { runId: 'a', otherRunId: 'b', repoPath: '/repo', files: ['x.ts'] },
      { runId: 'b', otherRunId: 'a', repoPath: '/repo', files: ['x.ts'] },
      { runId: 'a', otherRunId: 'c', repoPath: '/repo', files: ['1', '2', '3', '4', '5', '6', '7'] },
    ];
    const byRun = overlapsByRun(overlaps);
    expect(Object.keys(byRun)).toEqual(['a', 'b']);
    const names: Record<string, string> = { b: 'Fix parser', c: 'Docs' };
    expect(describeOverlaps(byRun.a ?? [], (id) => names[id] ?? id)).toBe(
      'May conflict: "Fix parser" also changes x.ts; "Docs" also changes 1, 2, 3, 4, 5 and 2 more. Merge one, then check the other.',
    );
  });

  it('asks again only when a run with unmerged changes moves on, and not at all without such runs', () => {
    const run = builders.run({ worktree, worktreeState: 'active', iterations: 1 });
    expect(overlapsVersion([builders.run()])).toBe('');
    expect(overlapsVersion([{ ...run, worktreeState: 'merged' }])).toBe('');
    expect(overlapsVersion([run])).not.toBe(overlapsVersion([{ ...run, iterations: 2 }]));
    expect(overlapsVersion([run])).toBe(overlapsVersion([{ ...run, costUsd: 1 }]));
  });
});
