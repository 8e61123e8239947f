import type { EventKind } from '../../../../shared/records';
import type { LogRow } from './log-buffer';

/** The kinds a person can show or hide in the log, with their labels. */
export const LOG_KIND_FILTERS: ReadonlyArray<Readonly<{ kind: EventKind; label: string }>> = [
  { kind: 'text', label: 'Text' },
  { kind: 'reasoning', label: 'Reasoning' },
  { kind: 'tool_call', label: 'Tool calls' },
  { kind: 'tool_result', label: 'Results' },
  { kind: 'notice', label: 'Notices' },
  { kind: 'error', label: 'Errors' },
  { kind: 'verify', label: 'Verify' },
  { kind: 'guidance', label: 'Guidance' },
  { kind: 'guidance_delivered', label: 'Guidance delivered' },
];

/** Every kind shown. */
export const ALL_LOG_KINDS: ReadonlySet<EventKind> = new Set(LOG_KIND_FILTERS.map(({ kind }) => kind));

/**
 * Pure: the row indices to show for the kinds chosen, or null when every kind is shown (then the
 * list reads the rows directly and nothing is copied). An iteration heading stays only when
 * something under it is shown.
 */
export function visibleRowIndices(rows: ReadonlyArray<LogRow>, shownKinds: ReadonlySet<EventKind>): number[] | null {
  if (shownKinds.size === ALL_LOG_KINDS.size) return null;
  const indices: number[] = [];
  let heading: number | null = null;
  rows.forEach((row, index) => {
    if (row.kind === 'iteration') {
      heading = index;
      return;
    }
    if (!shownKinds.has(row.kind)) return;
    if (heading !== null) indices.push(heading);
    heading = null;
    indices.push(index);
  });
  return indices;
}

/** Pure: a case-insensitive pattern for a search text, or null for an empty one. */
export function searchPattern(query: string): RegExp | null {
  const trimmed = query.trim();
  if (trimmed === '') return null;
  return new RegExp(trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

/** Pure: the positions in the shown list (not row indices) of the rows whose text matches. */
export function findMatches(rows: ReadonlyArray<LogRow>, view: ReadonlyArray<number> | null, pattern: RegExp | null): number[] {
  if (pattern === null) return [];
  const positions: number[] = [];
  const count = view === null ? rows.length : view.length;
  for (let position = 0; position < count; position += 1) {
    const row = rows[view === null ? position : (view[position] ?? -1)];
    if (row && row.kind !== 'iteration' && pattern.test(row.text)) positions.push(position);
  }
  return positions;
}

/** One piece of a row's text, marked when it matches the search. */
export type TextPiece = Readonly<{ text: string; isMatch: boolean }>;

/** Pure: a row's text cut into matching and other pieces, for highlighting. */
export function splitMatches(text: string, pattern: RegExp | null): ReadonlyArray<TextPiece> {
  if (pattern === null) return [{ text, isMatch: false }];
  const global = new RegExp(pattern.source, 'gi');
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const match of text.matchAll(global)) {
    const at = match.index;
    if (at > from) pieces.push({ text: text.slice(from, at), isMatch: false });
    pieces.push({ text: match[0], isMatch: true });
    from = at + match[0].length;
  }
  if (from < text.length || pieces.length === 0) pieces.push({ text: text.slice(from), isMatch: false });
  return pieces;
}
