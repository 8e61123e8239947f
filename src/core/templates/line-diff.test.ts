import { describe, expect, it } from 'vitest';
import { MAX_DIFF_EDITS, diffLines, splitLines, unifiedDiff } from './line-diff';

const labels = { from: 'a', to: 'b' };
const numbered = (count: number, prefix = 'line'): string => Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}\n`).join('');

describe('diffLines', () => {
  it('finds a shortest edit script', () => {
    const ops = diffLines(['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c']);
    expect(ops.filter((op) => op.kind !== 'equal')).toHaveLength(5); // Myers' paper: D = 5
    expect(ops.filter((op) => op.kind !== 'insert').map((op) => op.line)).toEqual(['a', 'b', 'c', 'a', 'b', 'b', 'a']);
    expect(ops.filter((op) => op.kind !== 'delete').map((op) => op.line)).toEqual(['c', 'b', 'a', 'b', 'a', 'c']);
  });

  it('is minimal and rebuilds both sides, on many random inputs (checked against an LCS table)', () => {
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    const randomLines = (): string[] => Array.from({ length: random(12) }, () => 'abc'[random(3)] ?? 'a');
    const lcs = (a: string[], b: string[]): number => {
      const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      a.forEach((x, i) => b.forEach((y, j) => {
        (table[i + 1] as number[])[j + 1] = x === y ? ((table[i] as number[])[j] as number) + 1 : Math.max((table[i] as number[])[j + 1] as number, (table[i + 1] as number[])[j] as number);
      }));
      return (table[a.length] as number[])[b.length] as number;
    };
    for (let round = 0; round < 500; round += 1) {
      const [a, b] = [randomLines(), randomLines()];
      const ops = diffLines(a, b);
      expect(ops.filter((op) => op.kind !== 'insert').map((op) => op.line)).toEqual(a);
      expect(ops.filter((op) => op.kind !== 'delete').map((op) => op.line)).toEqual(b);
      expect(ops.filter((op) => op.kind !== 'equal')).toHaveLength(a.length + b.length - 2 * lcs(a, b));
    }
  });

  it('handles empty sides and equal texts', () => {
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines([], ['x'])).toEqual([{ kind: 'insert', line: 'x' }]);
    expect(diffLines(['x'], [])).toEqual([{ kind: 'delete', line: 'x' }]);
    expect(diffLines(['x', 'y'], ['x', 'y'])).toEqual([{ kind: 'equal', line: 'x' }, { kind: 'equal', line: 'y' }]);
  });

  it(`shows texts that differ in more than ${MAX_DIFF_EDITS} lines as one replacement, quickly`, () => {
    const ops = diffLines(splitLines(numbered(1_500, 'old')), splitLines(numbered(1_500, 'new')));
    expect(ops.slice(0, 1_500).every((op) => op.kind === 'delete')).toBe(true);
    expect(ops.slice(1_500).every((op) => op.kind === 'insert')).toBe(true);
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('same\n', 'same\n', labels)).toEqual({ diff: '', added: 0, removed: 0 });
  });

  it('writes headers and hunks with three lines of context, as diff -u does', () => {
    const before = numbered(10);
    const after = before.replace('line 5\n', 'line five\n').replace('line 10\n', 'line 10\nline 11\n');
    expect(unifiedDiff(before, after, labels)).toEqual({
      added: 2,
      removed: 1,
      diff: ['--- a', '+++ b', '@@ -2,9 +2,10 @@', ' line 2', ' line 3', ' line 4', '-line 5', '+line five', ' line 6', ' line 7', ' line 8', ' line 9', ' line 10', '+line 11', ''].join('\n'),
    });
  });

  it('keeps distant changes in separate hunks', () => {
    const before = numbered(20);
    const after = before.replace('line 2\n', 'line two\n').replace('line 19\n', '');
    expect(unifiedDiff(before, after, labels).diff.split('\n').filter((line) => line.startsWith('@@'))).toEqual(['@@ -1,5 +1,5 @@', '@@ -16,5 +16,4 @@']);
  });

  it('uses the GNU forms for one-line and empty ranges', () => {
    expect(unifiedDiff('', 'new\n', labels).diff).toBe('--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n');
    expect(unifiedDiff('old\n', '', labels).diff).toBe('--- a\n+++ b\n@@ -1 +0,0 @@\n-old\n');
  });

  it('marks a missing newline at the end of a file', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb', labels).diff).toBe('--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n');
  });
});
