import { formatDuration } from '../../shared/duration';

/** Pure: how long ago a time was, short enough for a table cell: `just now`, `12 min ago`, `3 h ago`, `5 d ago`; `—` without one. */
export function formatAgo(at: number | null, nowMs: number): string {
  if (at === null || Number.isNaN(at)) return '—';
  const seconds = Math.max(0, Math.round((nowMs - at) / 1_000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** Pure: an ISO time as milliseconds, or null when there is none or it does not parse. */
export function timeOf(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Pure: a span for a table cell, whole seconds and up (`45 s`, `4 min 05 s`, `2 h 03 min`); `—` without a start. */
export function formatSpan(startMs: number | null, endMs: number): string {
  if (startMs === null) return '—';
  const ms = Math.max(0, endMs - startMs);
  return ms < 60_000 ? `${Math.round(ms / 1_000)} s` : formatDuration(ms);
}
