const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A token count for people: `12,345`. */
export function formatTokens(count: number): string {
  return integer.format(count);
}

/** A cost in USD; `null` means the model's price is unknown, which is never shown as $0 (DESIGN §8). */
export function formatCost(costUsd: number | null): string {
  if (costUsd === null) return 'unknown';
  if (costUsd > 0 && costUsd < 0.01) return `$${costUsd.toFixed(4)}`;
  return `$${costUsd.toFixed(2)}`;
}

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

/** A size in bytes for people: `512 B`, `12.3 KiB`, `4.5 MiB`, `1.2 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
