/** One line of a line diff: kept, removed from the old text, or added in the new one. */
export type DiffOp = Readonly<{ kind: 'equal' | 'delete' | 'insert'; line: string }>;

/** Past this many differing lines the middle is shown as one replacement, to bound time and memory. */
export const MAX_DIFF_EDITS = 2_000;
const CONTEXT_LINES = 3;

/** Myers' O(ND) shortest edit script between two line lists (after the common prefix and suffix are set aside). */
function myers(a: ReadonlyArray<string>, b: ReadonlyArray<string>): DiffOp[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  const pick = (row: Int32Array | Readonly<Int32Array>, k: number, d: number): number => row[k + d + 1] ?? 0;
  for (let d = 0; d <= Math.min(max, MAX_DIFF_EDITS); d += 1) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x < n || y < m) continue;
      const ops: DiffOp[] = [];
      let [cx, cy] = [n, m];
      for (let step = d; step >= 0; step -= 1) {
        const row = trace[step] as Int32Array;
        const ck = cx - cy;
        const fromAbove = ck === -step || (ck !== step && pick(row, ck - 1, step) < pick(row, ck + 1, step));
        const pk = fromAbove ? ck + 1 : ck - 1;
        const px = pick(row, pk, step);
        const py = px - pk;
        for (; cx > px && cy > py; cx -= 1, cy -= 1) ops.push({ kind: 'equal', line: a[cx - 1] ?? '' });
        if (step > 0 && cx === px) ops.push({ kind: 'insert', line: b[(cy -= 1)] ?? '' });
        else if (step > 0) ops.push({ kind: 'delete', line: a[(cx -= 1)] ?? '' });
      }
      return ops.reverse();
    }
  }
  return null;
}

/** The lines of a text, each with its line break, so a missing final newline is a difference too. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The shortest list of kept, removed and added lines that turns `a` into `b`. */
export function diffLines(a: ReadonlyArray<string>, b: ReadonlyArray<string>): DiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  const middle = myers(middleA, middleB) ?? [
    ...middleA.map((line) => ({ kind: 'delete' as const, line })),
    ...middleB.map((line) => ({ kind: 'insert' as const, line })),
  ];
  const equal = (line: string): DiffOp => ({ kind: 'equal', line });
  return [...a.slice(0, start).map(equal), ...middle, ...a.slice(endA).map(equal)];
}

function range(start: number, length: number): string {
  // GNU diff: an empty range names the line before it; a one-line range leaves out its length.
  if (length === 0) return `${start},0`;
  return length === 1 ? `${start + 1}` : `${start + 1},${length}`;
}

function showLine(prefix: string, line: string): string {
  return line.endsWith('\n') ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`;
}

/** A unified diff (`---`, `+++`, `@@` hunks with three lines of context) between two texts. */
export function unifiedDiff(from: string, to: string, labels: Readonly<{ from: string; to: string }>): { diff: string; added: number; removed: number } {
  const ops = diffLines(splitLines(from), splitLines(to));
  const changed = ops.flatMap((op, index) => (op.kind === 'equal' ? [] : [index]));
  if (changed.length === 0) return { diff: '', added: 0, removed: 0 };
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const last = hunks.at(-1);
    if (last && index - last[1] <= 2 * CONTEXT_LINES + 1) last[1] = index;
    else hunks.push([index, index]);
  }
  // Line numbers where each op starts, in the old and the new text.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let [oldLine, newLine] = [0, 0];
  for (const op of ops) {
    oldAt.push(oldLine);
    newAt.push(newLine);
    if (op.kind !== 'insert') oldLine += 1;
    if (op.kind !== 'delete') newLine += 1;
  }
  const out = [`--- ${labels.from}\n`, `+++ ${labels.to}\n`];
  for (const [first, last] of hunks) {
    const begin = Math.max(0, first - CONTEXT_LINES);
    const end = Math.min(ops.length - 1, last + CONTEXT_LINES);
    const slice = ops.slice(begin, end + 1);
    const oldLength = slice.filter((op) => op.kind !== 'insert').length;
    const newLength = slice.filter((op) => op.kind !== 'delete').length;
    out.push(`@@ -${range(oldAt[begin] ?? 0, oldLength)} +${range(newAt[begin] ?? 0, newLength)} @@\n`);
    for (const op of slice) out.push(showLine(op.kind === 'equal' ? ' ' : op.kind === 'delete' ? '-' : '+', op.line));
  }
  return {
    diff: out.join(''),
    added: ops.filter((op) => op.kind === 'insert').length,
    removed: ops.filter((op) => op.kind === 'delete').length,
  };
}
