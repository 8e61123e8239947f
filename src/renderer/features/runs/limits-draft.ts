import { activeLimit, type Limits } from '../../../shared/records';

const MS_PER_MINUTE = 60_000;

/** The extend-and-resume form's fields as typed; empty means "keep the run's current limit". */
export type LimitsDraft = Readonly<{ maxTokens: string; maxCostUsd: string; maxIterations: string; maxDurationMinutes: string }>;

/** One field of the draft. */
export type LimitsField = keyof LimitsDraft;

/** Field errors by field. */
export type LimitsErrors = Readonly<Partial<Record<LimitsField, string>>>;

/** The limits to send with `runs.resume`, or what to fix. */
export type LimitsCheck = Readonly<{ ok: true; limits: Limits } | { ok: false; errors: LimitsErrors }>;

const shown = (value: number | undefined): string => {
  const active = activeLimit(value);
  return active === null ? '' : String(active);
};

/** Pure: the draft prefilled from a run's limits; unlimited ones (absent or 0) are left empty. */
export function draftFromLimits(limits: Limits): LimitsDraft {
  const minutes = activeLimit(limits.maxDurationMs);
  return {
    maxTokens: shown(limits.maxTokens),
    maxCostUsd: shown(limits.maxCostUsd),
    maxIterations: shown(limits.maxIterations),
    maxDurationMinutes: minutes === null ? '' : String(Math.round((minutes / MS_PER_MINUTE) * 100) / 100),
  };
}

type Parsed = Readonly<{ value?: number; error?: string }>;

function parseWhole(text: string): Parsed {
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 ? { value } : { error: 'Use a whole number (0 means no limit)' };
}

function parseAmount(text: string): Parsed {
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? { value } : { error: 'Use a number of at least 0 (0 means no limit)' };
}

const FIELDS: ReadonlyArray<Readonly<{ field: LimitsField; key: keyof Limits; parse(text: string): Parsed }>> = [
  { field: 'maxTokens', key: 'maxTokens', parse: parseWhole },
  { field: 'maxCostUsd', key: 'maxCostUsd', parse: parseAmount },
  { field: 'maxIterations', key: 'maxIterations', parse: parseWhole },
  {
    field: 'maxDurationMinutes',
    key: 'maxDurationMs',
    parse: (text) => {
      const minutes = parseAmount(text);
      return minutes.value === undefined ? minutes : { value: Math.round(minutes.value * MS_PER_MINUTE) };
    },
  },
];

/**
 * Pure: the limits to resume with. Empty fields are left out (the engine keeps the run's own);
 * a field still showing its prefilled text sends the run's exact value, so rounded minutes never shift it.
 */
export function checkLimitsDraft(draft: LimitsDraft, current: Limits): LimitsCheck {
  const prefilled = draftFromLimits(current);
  const limits: Record<string, number> = {};
  const errors: Partial<Record<LimitsField, string>> = {};
  for (const { field, key, parse } of FIELDS) {
    const text = draft[field].trim();
    if (text === '') continue;
    const original = current[key];
    if (text === prefilled[field] && original !== undefined) {
      limits[key] = original;
      continue;
    }
    const parsed = parse(text);
    if (parsed.error !== undefined) errors[field] = parsed.error;
    else if (parsed.value !== undefined) limits[key] = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, limits };
}
