/** One line of a preview: file content with its number, or a diff line (kept, removed, added). */
export type PreviewLine = Readonly<{ kind: 'line' | 'same' | 'removed' | 'added'; number: number | null; text: string }>;

/** What a request's tool would do, shown as a person reads it instead of escaped JSON. */
export type ApprovalPreview =
  | Readonly<{ kind: 'diff'; path: string; lines: ReadonlyArray<PreviewLine>; replaceAll: boolean }>
  | Readonly<{ kind: 'file'; path: string; lines: ReadonlyArray<PreviewLine> }>
  | Readonly<{ kind: 'command'; command: string }>;

/** A preview longer than this many lines is cut, with "Show all". */
export const PREVIEW_LINES_SHOWN = 20;
/** Above this many line pairs the diff is old lines then new lines, not a line-by-line match (it stays fast). */
export const DIFF_MAX_CELLS = 250_000;

const splitLines = (text: string): string[] => {
  const lines = text.split('\n');
  // A final newline ends the last line; it does not start an empty one.
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
};

/** Pure: a line diff of `before` → `after` (longest common subsequence), as unified diff lines with the new file's numbers for kept and added lines. */
export function lineDiff(before: string, after: string): ReadonlyArray<PreviewLine> {
  const a = splitLines(before);
  const b = splitLines(after);
  if (a.length * b.length > DIFF_MAX_CELLS) {
    return [
      ...a.map((text) => ({ kind: 'removed' as const, number: null, text })),
      ...b.map((text, index) => ({ kind: 'added' as const, number: index + 1, text })),
    ];
  }
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      const row = lengths[i] as number[];
      row[j] = a[i] === b[j] ? (lengths[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lengths[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const lines: PreviewLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', number: j + 1, text: b[j] ?? '' });
      i += 1;
      j += 1;
    } else if (j < b.length && (i >= a.length || (lengths[i]?.[j + 1] ?? 0) > (lengths[i + 1]?.[j] ?? 0))) {
      lines.push({ kind: 'added', number: j + 1, text: b[j] ?? '' });
      j += 1;
    } else {
      lines.push({ kind: 'removed', number: null, text: a[i] ?? '' });
      i += 1;
    }
  }
  return lines;
}

const stringField = (input: unknown, key: string): string | null => {
  if (typeof input !== 'object' || input === null) return null;
  const value = (input as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
};

/**
 * Pure: the preview of a request's input: for `edit_file` the replaced text as a diff (old → new,
 * numbered within the snippet: the file itself is not read), for `write_file` the content with line
 * numbers, for `bash` the command; null for anything else (shown as JSON).
 */
export function approvalPreview(tool: string, input: unknown): ApprovalPreview | null {
  const path = stringField(input, 'path');
  if (tool === 'edit_file' && path !== null) {
    const before = stringField(input, 'old');
    const after = stringField(input, 'new');
    if (before === null || after === null) return null;
    const replaceAll = typeof input === 'object' && input !== null && (input as Record<string, unknown>).replaceAll === true;
    return { kind: 'diff', path, lines: lineDiff(before, after), replaceAll };
  }
  if (tool === 'write_file' && path !== null) {
    const content = stringField(input, 'content');
    if (content === null) return null;
    return { kind: 'file', path, lines: splitLines(content).map((text, index) => ({ kind: 'line', number: index + 1, text })) };
  }
  const command = stringField(input, 'command');
  if (tool === 'bash' && command !== null) return { kind: 'command', command };
  return null;
}
