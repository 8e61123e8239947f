const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A moment relative to now, as people say it: "just now", "3 min ago", "in 14 min", "yesterday", or the date. Pure. */
export function formatRelativeTime(iso: string, now: Date): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const deltaMs = now.getTime() - at;
  const ahead = deltaMs < 0;
  const span = Math.abs(deltaMs);
  const phrase = (amount: string): string => (ahead ? `in ${amount}` : `${amount} ago`);
  if (span < 10_000) return ahead ? 'in a moment' : 'just now';
  if (span < MINUTE_MS) return phrase(`${Math.floor(span / 1_000)} s`);
  if (span < HOUR_MS) return phrase(`${Math.floor(span / MINUTE_MS)} min`);
  if (span < DAY_MS) return phrase(`${Math.floor(span / HOUR_MS)} h`);
  const days = Math.floor(span / DAY_MS);
  if (days === 1) return ahead ? 'tomorrow' : 'yesterday';
  if (days < 7) return phrase(`${days} days`);
  return new Date(at).toISOString().slice(0, 10);
}
