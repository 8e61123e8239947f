// Tokens, costs and sizes are formatted the same on every surface (src/shared/format.ts).
export { formatBytes, formatCacheTokens, formatCost, formatTokens } from '../../shared/format';

/** An ISO-8601 time in the person's locale and time zone; `—` when there is none. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

const shortTime: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };

/** An ISO-8601 time in the person's locale, short enough for a table cell (`11/26/26, 4:24 PM`); `—` when there is none. */
export function formatShortTime(iso: string | null, locale?: string): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locale, shortTime);
}

const slotTime: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

/** An ISO-8601 time to the second, for slots that may come due seconds apart (`11/26/26, 4:24:06 PM`); `—` when there is none. */
export function formatSecondsTime(iso: string | null, locale?: string): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locale, slotTime);
}
