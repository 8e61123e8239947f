/** Pure: how long ago a time was, short enough for a table cell: `just now`, `12m ago`, `3h ago`, `5d ago`; `—` without one. */
export function formatAgo(at: number | null, nowMs: number): string {
  if (at === null || Number.isNaN(at)) return '—';
  const seconds = Math.max(0, Math.round((nowMs - at) / 1_000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.round(hours / 24)}d ago`;
}

/** Pure: an ISO time as milliseconds, or null when there is none or it does not parse. */
export function timeOf(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Pure: a span for a table cell, whole seconds and up (`45s`, `4m 05s`, `2h 03m`, `3d 04h`); `—` without a start. */
export function formatSpan(startMs: number | null, endMs: number): string {
  if (startMs === null) return '—';
  const total = Math.round(Math.max(0, endMs - startMs) / 1_000);
  const pad = (value: number): string => String(value).padStart(2, '0');
  if (total < 60) return `${total}s`;
  if (total < 3_600) return `${Math.floor(total / 60)}m ${pad(total % 60)}s`;
  if (total < 86_400) return `${Math.floor(total / 3_600)}h ${pad(Math.floor((total % 3_600) / 60))}m`;
  return `${Math.floor(total / 86_400)}d ${pad(Math.floor((total % 86_400) / 3_600))}h`;
}
