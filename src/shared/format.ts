/**
 * Numbers for people, the same in the window, the tray and the terminal: token counts, costs and
 * sizes. Pure; no locale but `en-US` grouping, so every surface prints the same text.
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A token count in a sentence: `12,345`. */
export function formatTokens(count: number): string {
  return grouped.format(count);
}

/** A token count where space is short (a table cell, a status line): `950`, `12.3k`, `4.5M`. */
export function formatTokensShort(tokens: number): string {
  if (tokens < 1_000) return String(tokens);
  if (tokens < 1_000_000) return `${(tokens / 1_000).toFixed(tokens < 10_000 ? 1 : 0)}k`;
  return `${(tokens / 1_000_000).toFixed(1)}M`;
}

/** Below this a cost shows up to four decimals, so a cheap call is not rounded to $0.00. */
const SMALL_COST_USD = 0.1;

/**
 * A cost in USD: `$12.50`, `$0.50`, and up to four decimals below ten cents (`$0.0123`, `$0.05`).
 * `null` means the model's price is unknown, which is never shown as $0 (DESIGN §8).
 */
export function formatCost(costUsd: number | null): string {
  if (costUsd === null) return 'unknown';
  if (costUsd > 0 && costUsd < SMALL_COST_USD) return `$${costUsd.toFixed(4).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
  return `$${costUsd.toFixed(2)}`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A size in bytes: `512 B`, `12.3 KiB`, `4.0 MiB`, `1.2 GiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/**
 * The prompt cache's part of the input tokens, the same words on every surface:
 * `9,000 read, 1,000 written (90% of input from cache)`; `none reported` when the provider said nothing.
 */
export function formatCacheTokens(usage: Readonly<{ inputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }>): string {
  if (usage.cacheReadTokens === 0 && usage.cacheWriteTokens === 0) return 'none reported';
  const share = usage.inputTokens > 0 ? Math.round((usage.cacheReadTokens / usage.inputTokens) * 100) : 0;
  return `${formatTokens(usage.cacheReadTokens)} read, ${formatTokens(usage.cacheWriteTokens)} written (${share}% of input from cache)`;
}
