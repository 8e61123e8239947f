import type { DiffFile, DiffFileStatus, DiffHunk, DiffLine, Iteration } from '../../../../shared/records';

/** Files with more lines than this to show start folded: their name and counts first, the lines on a click. */
export const LARGE_FILE_LINES = 400;

/** One line of a hunk with the line numbers it has in the old and the new file (null where it has none). */
export type NumberedLine = Readonly<DiffLine & { oldNumber: number | null; newNumber: number | null }>;

/** Pure: the hunk's lines, numbered as in the two files: context lines in both, deleted in the old, added in the new. */
export function numberHunk(hunk: DiffHunk): NumberedLine[] {
  let oldNumber = hunk.oldStart;
  let newNumber = hunk.newStart;
  return hunk.lines.map((line) => {
    switch (line.kind) {
      case 'context':
        return { ...line, oldNumber: oldNumber++, newNumber: newNumber++ };
      case 'del':
        return { ...line, oldNumber: oldNumber++, newNumber: null };
      case 'add':
        return { ...line, oldNumber: null, newNumber: newNumber++ };
    }
  });
}

/** Pure: the hunk's header as git prints it: `@@ -1,3 +1,4 @@ function name`. */
export function hunkHeader(hunk: DiffHunk): string {
  return `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@${hunk.header ? ` ${hunk.header}` : ''}`;
}

/** Pure: how many lines the file's hunks show. */
export function shownLines(file: DiffFile): number {
  return file.hunks.reduce((total, hunk) => total + hunk.lines.length, 0);
}

/** Pure: whether the file's lines can be shown here at all (not binary, not left out by the engine as too large). */
export function hasLines(file: DiffFile): boolean {
  return !file.binary && !file.collapsed && file.hunks.length > 0;
}

/** Pure: whether the file starts folded: nothing to show, or more than `LARGE_FILE_LINES` lines. */
export function startsFolded(file: DiffFile): boolean {
  return !hasLines(file) || shownLines(file) > LARGE_FILE_LINES;
}

/** Pure: what stands in for the lines of a file that has none to show, or null when it has. */
export function noLinesNote(file: DiffFile, runId: string): string | null {
  if (file.binary) return 'Binary file: its contents are not shown.';
  if (file.collapsed) return `Too large to show here: \`autoloop diff ${runId}\` prints it whole.`;
  if (file.hunks.length === 0) return file.oldPath !== null ? 'Renamed without changes to its contents.' : 'No lines changed (only its mode or type).';
  return null;
}

const STATUS_WORDS: Readonly<Record<DiffFileStatus, string>> = {
  added: 'added',
  modified: 'modified',
  deleted: 'deleted',
  renamed: 'renamed',
  copied: 'copied',
  type_changed: 'type changed',
};

/** Pure: the file's status in words. */
export function describeFileStatus(status: DiffFileStatus): string {
  return STATUS_WORDS[status];
}

/** Pure: the file's name as a person reads it: `new`, or `old → new` after a rename or copy. */
export function fileLabel(file: Pick<DiffFile, 'path' | 'oldPath'>): string {
  return file.oldPath !== null && file.oldPath !== file.path ? `${file.oldPath} → ${file.path}` : file.path;
}

/** Pure: "3 files changed, +12 −4" (or "No changes"). */
export function describeTotals(files: ReadonlyArray<DiffFile>): string {
  if (files.length === 0) return 'No changes';
  const additions = files.reduce((total, file) => total + file.additions, 0);
  const deletions = files.reduce((total, file) => total + file.deletions, 0);
  return `${files.length} ${files.length === 1 ? 'file' : 'files'} changed, +${additions} −${deletions}`;
}

/** One choice of the Changes tab's picker: the whole run (null) or one iteration that committed changes. */
export type ScopeChoice = Readonly<{ iteration: number | null; label: string }>;

/** Pure: "Whole run", then every iteration that committed changes, newest last; the iteration asked for stays even without a commit yet. */
export function scopeChoices(iterations: ReadonlyArray<Pick<Iteration, 'n' | 'commit' | 'summary'>>, asked: number | null): ScopeChoice[] {
  const withChanges = iterations.filter((iteration) => iteration.commit !== null || iteration.n === asked);
  const choices = withChanges.map((iteration) => ({
    iteration: iteration.n,
    label: `Iteration ${iteration.n}${iteration.summary ? `: ${iteration.summary}` : ''}`,
  }));
  if (asked !== null && !choices.some((choice) => choice.iteration === asked)) choices.push({ iteration: asked, label: `Iteration ${asked}` });
  return [{ iteration: null, label: 'Whole run' }, ...choices.sort((a, b) => (a.iteration ?? 0) - (b.iteration ?? 0))];
}

/** Pure: a key that changes whenever the diff may have changed: a new iteration commit, or the worktree's state. */
export function diffVersion(iterations: ReadonlyArray<Pick<Iteration, 'n' | 'commit'>>, worktreeState: string | null): string {
  return `${worktreeState ?? ''}:${iterations.map((iteration) => `${iteration.n}=${iteration.commit ?? ''}`).join(',')}`;
}
