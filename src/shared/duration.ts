/**
 * The longest wait a schema accepts (24 days): Node fires a timer longer than 2^31 - 1 ms (24.8 days) at once, so
 * a 25-day approval timeout or interval would end at once instead of never.
 */
export const MAX_TIMER_MS = 24 * 86_400_000;
/** What a schema says about a longer wait. */
export const MAX_TIMER_MESSAGE = 'at most 24 days (2073600000 ms): longer waits are not supported';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration such as `90s`, `15m`, `2h`, `500ms` or `1h30m` into milliseconds.
 * A bare number is milliseconds. Returns null for anything else.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed) return null;
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (UNIT_MS[unit ?? 'ms'] ?? 1), 0);
}

/** Formats milliseconds for people: `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`. */
export function formatDuration(ms: number): string {
  // Round first, then pick the unit, so 999.6 ms is "1.0 s" and 59 960 ms is "1 min 00 s".
  if (Math.round(ms) < 1_000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1_000);
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}
