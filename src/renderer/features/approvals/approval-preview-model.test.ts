import { describe, expect, it } from 'vitest';
import { approvalPreview, DIFF_MAX_CELLS, lineDiff } from './approval-preview-model';

const marks = (lines: ReturnType<typeof lineDiff>): string[] =>
  lines.map((line) => `${{ same: ' ', removed: '-', added: '+', line: '' }[line.kind]}${line.text}`);

describe('lineDiff', () => {
  it('keeps the common lines and shows what was removed and added, numbered in the new text', () => {
    const lines = lineDiff('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(marks(lines)).toEqual([' a', '-b', '+B', ' c', '+d']);
    expect(lines.map((line) => line.number)).toEqual([1, null, 2, 3, 4]);
  });

  it('shows old then new lines when the texts are too large to match line by line', () => {
    const big = Array.from({ length: Math.ceil(Math.sqrt(DIFF_MAX_CELLS)) + 1 }, (_, index) => `line ${index}`).join('\n');
    const lines = lineDiff(big, `${big}\nmore`);
    expect(lines[0]?.kind).toBe('removed');
    expect(lines.at(-1)).toMatchObject({ kind: 'added', text: 'more' });
  });
});

describe('approvalPreview', () => {
  it('previews a write with line numbers, an edit as a diff and a command as itself', () => {
    expect(approvalPreview('write_file', { path: 'notes.txt', content: 'one\ntwo\n' })).toEqual({
      kind: 'file',
      path: 'notes.txt',
      lines: [
        { kind: 'line', number: 1, text: 'one' },
        { kind: 'line', number: 2, text: 'two' },
      ],
    });
    expect(approvalPreview('edit_file', { path: 'src/x.ts', old: 'let a = 1;', new: 'const a = 1;', replaceAll: true })).toMatchObject({
      kind: 'diff',
      replaceAll: true,
      lines: [
        { kind: 'removed', text: 'let a = 1;' },
        { kind: 'added', text: 'const a = 1;' },
      ],
    });
    expect(approvalPreview('bash', { command: 'npm test' })).toEqual({ kind: 'command', command: 'npm test' });
  });

  it('leaves other tools and inputs that do not fit to the JSON view', () => {
    expect(approvalPreview('web_fetch', { url: 'https://example.com/' })).toBeNull();
    expect(approvalPreview('write_file', { path: 'x' })).toBeNull();
    expect(approvalPreview('edit_file', 'not an object')).toBeNull();
  });
});
