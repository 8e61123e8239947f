import { parseDuration } from './duration';
import { type Limits, activeLimit } from './records';

/** One of a run's limits. */
export type LimitKey = keyof Limits;

const MS_PER_MINUTE = 60_000;

/**
 * What each limit takes, in words that follow "must be" (a CLI flag) or "Use" (a form field). The
 * same rules hold in the new-run form, the extend form and the CLI flags; 0 means no limit.
 */
export const LIMIT_EXPECTED: Readonly<Record<LimitKey, string>> = {
  maxIterations: 'a whole number (0 means no limit)',
  maxTokens: 'a whole number (0 means no limit)',
  maxCostUsd: 'an amount in US dollars such as 5 or $2.50',
  maxDurationMs: 'a duration such as 90s, 15m or 2h',
};

/** A limit as parsed: its value (null when nothing was typed), or what it should have been. */
export type LimitParse = Readonly<{ ok: true; value: number | null } | { ok: false; expected: string }>;

/** An amount of US dollars as typed: `5`, `$5`, `0.50` or `$.5`; null for anything else. */
export function parseMoney(text: string): number | null {
  const match = /^\$?((?:\d+(?:\.\d*)?)|(?:\.\d+))$/.exec(text.trim());
  if (!match?.[1]) return null;
  const amount = Number(match[1]);
  return Number.isFinite(amount) ? amount : null;
}

function parseWhole(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** A duration limit: `90s`, `15m`, `2h`, `1h30m`; a bare number is minutes (nobody means 30 ms). */
function parseDurationLimit(text: string): number | null {
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * MS_PER_MINUTE : parseDuration(text);
  if (ms === null) return null;
  const rounded = Math.round(ms);
  return Number.isSafeInteger(rounded) ? rounded : null;
}

/** Parses one limit as a person typed it (a form field or a CLI flag). Blank text is no value. */
export function parseLimit(key: LimitKey, text: string): LimitParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const value = key === 'maxCostUsd' ? parseMoney(trimmed) : key === 'maxDurationMs' ? parseDurationLimit(trimmed) : parseWhole(trimmed);
  if (value !== null) return { ok: true, value };
  // Digits too many to hold: say the bound, not "a whole number" to someone who typed one.
  if ((key === 'maxIterations' || key === 'maxTokens') && /^\d+$/.test(trimmed))
    return { ok: false, expected: `a whole number up to ${Number.MAX_SAFE_INTEGER} (0 means no limit)` };
  return { ok: false, expected: LIMIT_EXPECTED[key] };
}

/** A limit as a person would type it back, to prefill a field: '' when it is unlimited; durations in minutes. */
export function limitText(key: LimitKey, value: number | undefined): string {
  const active = activeLimit(value);
  if (active === null) return '';
  return key === 'maxDurationMs' ? String(Math.round((active / MS_PER_MINUTE) * 100) / 100) : String(active);
}

/** Pure: the smallest 1, 2, 2.5 or 5 × 10^n at or above `value` (0.1 → 0.1, 0.3 → 0.5, 120,000 → 200,000). */
export function roundUpNicely(value: number): number {
  if (!(value > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = Number((step * power).toPrecision(12));
    if (candidate >= value) return candidate;
  }
  return Number((10 * power).toPrecision(12));
}

/**
 * Pure: a limit to suggest above one a run just reached, for "Extend and resume": room for as much
 * again as the limit allowed (the limit plus what was used, at least twice the limit), rounded up
 * to a number people type. Whole numbers for counts, dollars for costs.
 */
export function suggestRaisedLimit(key: LimitKey, limit: number, used: number): number {
  const raised = roundUpNicely(Math.max(limit, used) + limit);
  return key === 'maxCostUsd' ? raised : Math.ceil(raised);
}
