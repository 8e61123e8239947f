import { describe, expect, it } from 'vitest';
import { parseProcessTable, treeTargets } from './process-tree';

describe('parseProcessTable', () => {
  it('reads pid, ppid and pgid per line and skips what is not three numbers', () => {
    expect(parseProcessTable('    1     0     1\n  200   1  200\n\nPID PPID PGID\n')).toEqual([
      { pid: 1, ppid: 0, pgid: 1 },
      { pid: 200, ppid: 1, pgid: 200 },
    ]);
  });
});

describe('treeTargets', () => {
  // The app (group 100) runs the runner 300 in its own group; the runner started a detached tool
  // (group 400, with a grandchild 401) and a plain child 310 left in the app's group.
  const table = [
    { pid: 100, ppid: 1, pgid: 100 },
    { pid: 300, ppid: 100, pgid: 100 },
    { pid: 310, ppid: 300, pgid: 100 },
    { pid: 400, ppid: 300, pgid: 400 },
    { pid: 401, ppid: 400, pgid: 400 },
    { pid: 500, ppid: 100, pgid: 500 },
  ];

  it('signals each group a descendant leads and the descendants left in the app’s group, never the app’s group', () => {
    expect(treeTargets(table, 300, [100])).toEqual({ groups: [400], pids: [310] });
  });

  it('leaves processes outside the tree alone', () => {
    expect(treeTargets(table, 400, [100])).toEqual({ groups: [], pids: [401] });
    expect(treeTargets(table, 999, [100])).toEqual({ groups: [], pids: [] });
  });
});
