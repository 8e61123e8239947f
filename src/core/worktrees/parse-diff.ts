import type { DiffFile, DiffFileStatus, DiffHunk } from '../../shared/worktree';

/** Changed lines in one file above which its hunks are left out (`collapsed`); the counts stay right. */
export const COLLAPSE_LINES = 3_000;

/** One file of `git diff --raw -z` joined with `--numstat -z`: what changed and how much. */
export type RawChange = Readonly<{ path: string; oldPath: string | null; status: DiffFileStatus; additions: number; deletions: number; binary: boolean }>;

const STATUS_OF: Readonly<Record<string, DiffFileStatus>> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type_changed' };

/**
 * Parses `git diff --raw -z` (`:old new oid oid STATUS\0path\0[path\0]`) and `git diff --numstat -z`
 * (`add\tdel\tpath\0` or `add\tdel\t\0old\0new\0`; `-\t-` for binary) of the same two commits, in git's order.
 */
export function parseRawAndNumstat(raw: string, numstat: string): RawChange[] {
  const rawFields = raw.split('\0');
  const changes: Array<{ path: string; oldPath: string | null; status: DiffFileStatus }> = [];
  for (let i = 0; i < rawFields.length - 1;) {
    const header = rawFields[i++] ?? '';
    if (!header.startsWith(':')) continue;
    const letter = header.split(' ').at(-1)?.charAt(0) ?? 'M';
    const status = STATUS_OF[letter] ?? 'modified';
    const first = rawFields[i++] ?? '';
    if (status === 'renamed' || status === 'copied') changes.push({ path: rawFields[i++] ?? '', oldPath: first, status });
    else changes.push({ path: first, oldPath: null, status });
  }
  const counts: Array<{ additions: number; deletions: number; binary: boolean }> = [];
  const numFields = numstat.split('\0');
  for (let i = 0; i < numFields.length - 1;) {
    const [added = '-', deleted = '-', path = ''] = (numFields[i++] ?? '').split('\t');
    if (path === '') i += 2; // a rename: the old and new paths follow as their own fields
    const binary = added === '-' || deleted === '-';
    counts.push({ additions: binary ? 0 : Number(added), deletions: binary ? 0 : Number(deleted), binary });
  }
  return changes.map((change, index) => ({ ...change, ...(counts[index] ?? { additions: 0, deletions: 0, binary: false }) }));
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** The hunks of one file's part of a unified diff (the lines after its `diff --git` header). */
export function parseHunks(lines: ReadonlyArray<string>): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  let current: DiffHunk | null = null;
  for (const line of lines) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      current = {
        oldStart: Number(header[1]),
        oldLines: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newLines: header[4] === undefined ? 1 : Number(header[4]),
        header: header[5] ?? '',
        lines: [],
      };
      hunks.push(current);
      continue;
    }
    if (current === null) continue;
    const mark = line.charAt(0);
    if (mark === '\\') {
      const last = current.lines.at(-1);
      if (last) current.lines[current.lines.length - 1] = { ...last, noNewline: true };
    } else if (mark === '+') current.lines.push({ kind: 'add', text: line.slice(1) });
    else if (mark === '-') current.lines.push({ kind: 'del', text: line.slice(1) });
    else if (mark === ' ') current.lines.push({ kind: 'context', text: line.slice(1) });
  }
  return hunks;
}

/** Splits a unified diff (`git diff` without `--binary`) into each file's lines, in git's order. */
export function splitPatch(patch: string): string[][] {
  const files: string[][] = [];
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) files.push([]);
    else files.at(-1)?.push(line);
  }
  return files;
}

/** The files of a diff: each raw change with its hunks (none when binary or collapsed). */
export function toDiffFiles(changes: ReadonlyArray<RawChange>, patch: string): DiffFile[] {
  const parts = splitPatch(patch);
  return changes.map((change, index) => {
    const collapsed = !change.binary && change.additions + change.deletions > COLLAPSE_LINES;
    return { ...change, collapsed, hunks: change.binary || collapsed ? [] : parseHunks(parts[index] ?? []) };
  });
}
