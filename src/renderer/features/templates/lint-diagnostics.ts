import type { LintFinding } from '../../../shared/templates';

/** A lint finding at document offsets, the shape `@codemirror/lint` diagnostics take. */
export type EditorDiagnostic = Readonly<{ from: number; to: number; severity: 'error' | 'warning'; message: string; source: string }>;

/** Pure: the offset where each line of a text starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/**
 * Pure: findings (1-based line and column) as editor diagnostics. Each marks the word at its
 * column (the rest of the line when the column is at its start); a position past the text is
 * moved to its end, so a stale finding never points outside the document.
 */
export function findingsToDiagnostics(text: string, findings: ReadonlyArray<LintFinding>): ReadonlyArray<EditorDiagnostic> {
  const starts = lineStarts(text);
  return findings.map((finding) => {
    const lineIndex = Math.min(finding.line, starts.length) - 1;
    const lineStart = starts[lineIndex] ?? 0;
    const nextStart = starts[lineIndex + 1];
    const lineEnd = nextStart === undefined ? text.length : nextStart - 1;
    const from = Math.min(lineStart + finding.column - 1, lineEnd);
    const word = /^\S+/.exec(text.slice(from, lineEnd));
    const to = finding.column === 1 ? lineEnd : from + (word?.[0].length ?? 0);
    return { from, to: Math.max(from, to), severity: finding.severity, message: finding.message, source: finding.code };
  });
}

/**
 * Pure: the names of the `{{params}}` lint found used but not declared (its `unknown-placeholder` findings), read
 * from the text at each finding, so the preview can mark the same placeholders the editor marks.
 */
export function unknownParamNames(text: string, findings: ReadonlyArray<LintFinding>): ReadonlySet<string> {
  const unknown = findings.filter((finding) => finding.code === 'unknown-placeholder');
  const names = new Set<string>();
  for (const diagnostic of findingsToDiagnostics(text, unknown)) {
    const name = /^\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/.exec(text.slice(diagnostic.from))?.[1];
    if (name !== undefined) names.add(name);
  }
  return names;
}
