import { describe, expect, it } from 'vitest';
import type { DiffFile, DiffHunk } from '../../../../shared/records';
import { builders } from '../../../testing/builders';
import { LARGE_FILE_LINES, describeTotals, diffVersion, fileLabel, hunkHeader, noLinesNote, numberHunk, scopeChoices, startsFolded } from './diff-model';

const hunk = (overrides: Partial<DiffHunk> = {}): DiffHunk => ({
  oldStart: 10,
  oldLines: 3,
  newStart: 12,
  newLines: 4,
  header: 'function main()',
  lines: [
    { kind: 'context', text: 'a' },
    { kind: 'del', text: 'b' },
    { kind: 'add', text: 'B' },
    { kind: 'add', text: 'C' },
    { kind: 'context', text: 'd', noNewline: true },
  ],
  ...overrides,
});

const file = (overrides: Partial<DiffFile> = {}): DiffFile => ({
  path: 'src/a.ts',
  oldPath: null,
  status: 'modified',
  additions: 2,
  deletions: 1,
  binary: false,
  collapsed: false,
  hunks: [hunk()],
  ...overrides,
});

describe('the diff model', () => {
  it('numbers each line as in the old and the new file: context in both, deletions in the old only, additions in the new only', () => {
    expect(numberHunk(hunk()).map((line) => [line.kind, line.oldNumber, line.newNumber])).toEqual([
      ['context', 10, 12],
      ['del', 11, null],
      ['add', null, 13],
      ['add', null, 14],
      ['context', 12, 15],
    ]);
    expect(numberHunk(hunk()).at(-1)?.noNewline).toBe(true);
    expect(hunkHeader(hunk())).toBe('@@ -10,3 +12,4 @@ function main()');
    expect(hunkHeader(hunk({ header: '' }))).toBe('@@ -10,3 +12,4 @@');
  });

  it('folds large files at first, and says why a binary, too-large or content-less file shows no lines', () => {
    expect(startsFolded(file())).toBe(false);
    const many = Array.from({ length: LARGE_FILE_LINES + 1 }, (_, at) => ({ kind: 'add' as const, text: `line ${at}` }));
    expect(startsFolded(file({ hunks: [hunk({ lines: many })] }))).toBe(true);
    expect(startsFolded(file({ hunks: [hunk({ lines: many.slice(1) })] }))).toBe(false);
    expect(noLinesNote(file(), 'r1')).toBeNull();
    expect(noLinesNote(file({ binary: true, hunks: [] }), 'r1')).toBe('Binary file: its contents are not shown.');
    expect(noLinesNote(file({ collapsed: true, hunks: [] }), 'r9')).toContain('`autoloop diff r9` prints it whole');
    expect(noLinesNote(file({ status: 'renamed', oldPath: 'old.ts', hunks: [] }), 'r1')).toBe('Renamed without changes to its contents.');
    expect(startsFolded(file({ binary: true, hunks: [] }))).toBe(true);
  });

  it('names files and totals as a person reads them', () => {
    expect(fileLabel(file())).toBe('src/a.ts');
    expect(fileLabel(file({ oldPath: 'src/old.ts' }))).toBe('src/old.ts → src/a.ts');
    expect(describeTotals([])).toBe('No changes');
    expect(describeTotals([file()])).toBe('1 file changed, +2 −1');
    expect(describeTotals([file(), file({ path: 'b', additions: 5, deletions: 0 })])).toBe('2 files changed, +7 −1');
  });

  it('offers the whole run, then each iteration that committed changes, and keeps the one asked for', () => {
    const iterations = [
      builders.iteration({ n: 1, commit: 'c1', summary: 'Added a.' }),
      builders.iteration({ n: 2, commit: null, summary: 'Looked around.' }),
      builders.iteration({ n: 3, commit: 'c3', summary: '' }),
    ];
    expect(scopeChoices(iterations, null)).toEqual([
      { iteration: null, label: 'Whole run' },
      { iteration: 1, label: 'Iteration 1: Added a.' },
      { iteration: 3, label: 'Iteration 3' },
    ]);
    expect(scopeChoices(iterations, 2).map((choice) => choice.iteration)).toEqual([null, 1, 2, 3]);
    expect(scopeChoices([], 4).map((choice) => choice.iteration)).toEqual([null, 4]);
  });

  it('changes its version when an iteration commits or the worktree changes state, so the diff loads again', () => {
    const before = diffVersion([builders.iteration({ n: 1, commit: null })], 'active');
    expect(diffVersion([builders.iteration({ n: 1, commit: 'c1' })], 'active')).not.toBe(before);
    expect(diffVersion([builders.iteration({ n: 1, commit: null })], 'merged')).not.toBe(before);
    expect(diffVersion([builders.iteration({ n: 1, commit: null })], 'active')).toBe(before);
  });
});
