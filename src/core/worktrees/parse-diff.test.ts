import { describe, expect, it } from 'vitest';
import { COLLAPSE_LINES, parseHunks, parseRawAndNumstat, toDiffFiles } from './parse-diff';

describe('parseRawAndNumstat', () => {
  it('joins git’s -z raw and numstat output: statuses, renames, binary files and paths with spaces or tabs', () => {
    const raw = [
      ':100644 100644 aaa bbb M',
      'dir/with space.txt',
      ':000000 100644 000 ccc A',
      'new\tfile',
      ':100644 100644 ddd eee R087',
      'old.txt',
      'renamed.txt',
      ':100644 000000 fff 000 D',
      'image.png',
      '',
    ].join('\0');
    const numstat = ['3\t1\tdir/with space.txt', '2\t0\tnew\tfile', '1\t1\t', 'old.txt', 'renamed.txt', '-\t-\timage.png', ''].join('\0');
    expect(parseRawAndNumstat(raw, numstat)).toEqual([
      { path: 'dir/with space.txt', oldPath: null, status: 'modified', additions: 3, deletions: 1, binary: false },
      { path: 'new\tfile', oldPath: null, status: 'added', additions: 2, deletions: 0, binary: false },
      { path: 'renamed.txt', oldPath: 'old.txt', status: 'renamed', additions: 1, deletions: 1, binary: false },
      { path: 'image.png', oldPath: null, status: 'deleted', additions: 0, deletions: 0, binary: true },
    ]);
  });
});

describe('parseHunks', () => {
  it('reads hunk headers with and without counts, the three kinds of line, and a missing newline at the end', () => {
    const lines = [
      'index 1..2 100644',
      '--- a/x',
      '+++ b/x',
      '@@ -1,2 +1,2 @@ function f()',
      ' same',
      '-old',
      '+new',
      '\\ No newline at end of file',
      '@@ -9 +9 @@',
      '--- not a header',
    ];
    expect(parseHunks(lines)).toEqual([
      {
        oldStart: 1,
        oldLines: 2,
        newStart: 1,
        newLines: 2,
        header: 'function f()',
        lines: [
          { kind: 'context', text: 'same' },
          { kind: 'del', text: 'old' },
          { kind: 'add', text: 'new', noNewline: true },
        ],
      },
      { oldStart: 9, oldLines: 1, newStart: 9, newLines: 1, header: '', lines: [{ kind: 'del', text: '-- not a header' }] },
    ]);
  });
});

describe('toDiffFiles', () => {
  it('leaves out the hunks of binary files and of files with too many changed lines, keeping their counts', () => {
    const patch = [
      'diff --git a/a b/a',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      'diff --git a/b b/b',
      'Binary files a/b and b/b differ',
      'diff --git a/c b/c',
      '@@ -1 +1 @@',
      '+z',
    ].join('\n');
    const files = toDiffFiles(
      [
        { path: 'a', oldPath: null, status: 'modified', additions: 1, deletions: 1, binary: false },
        { path: 'b', oldPath: null, status: 'modified', additions: 0, deletions: 0, binary: true },
        { path: 'c', oldPath: null, status: 'modified', additions: COLLAPSE_LINES + 1, deletions: 0, binary: false },
      ],
      patch,
    );
    expect(files.map((file) => [file.path, file.collapsed, file.hunks.length])).toEqual([
      ['a', false, 1],
      ['b', false, 0],
      ['c', true, 0],
    ]);
  });
});
