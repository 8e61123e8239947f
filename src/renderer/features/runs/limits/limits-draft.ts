import { type LimitKey, limitText, parseLimit, suggestRaisedLimit } from '../../../../shared/limit-text';
import { activeLimit, type Limits, type Run } from '../../../../shared/records';
import { formatCost, formatTokens } from '../../../ui/format';

/** The extend-and-resume form's fields as typed; empty means "keep the run's current limit". */
export type LimitsDraft = Readonly<{ maxTokens: string; maxCostUsd: string; maxIterations: string; maxDurationMinutes: string }>;

/** One field of the draft. */
export type LimitsField = keyof LimitsDraft;

/** Field errors by field. */
export type LimitsErrors = Readonly<Partial<Record<LimitsField, string>>>;

/** The limits to send with `runs.resume`, or what to fix. */
export type LimitsCheck = Readonly<{ ok: true; limits: Limits } | { ok: false; errors: LimitsErrors }>;

/** Pure: the draft prefilled from a run's limits; unlimited ones (absent or 0) are left empty, durations in minutes. */
export function draftFromLimits(limits: Limits): LimitsDraft {
  return {
    maxTokens: limitText('maxTokens', limits.maxTokens),
    maxCostUsd: limitText('maxCostUsd', limits.maxCostUsd),
    maxIterations: limitText('maxIterations', limits.maxIterations),
    maxDurationMinutes: limitText('maxDurationMs', limits.maxDurationMs),
  };
}

const FIELDS: ReadonlyArray<Readonly<{ field: LimitsField; key: LimitKey }>> = [
  { field: 'maxTokens', key: 'maxTokens' },
  { field: 'maxCostUsd', key: 'maxCostUsd' },
  { field: 'maxIterations', key: 'maxIterations' },
  // A bare number is minutes; `90s` or `2h` work too (the one limit parser, src/shared/limit-text.ts).
  { field: 'maxDurationMinutes', key: 'maxDurationMs' },
];

/**
 * Pure: the limits to resume with. Empty fields are left out (the engine keeps the run's own);
 * a field still showing its prefilled text sends the run's exact value, so rounded minutes never shift it.
 */
export function checkLimitsDraft(draft: LimitsDraft, current: Limits): LimitsCheck {
  const prefilled = draftFromLimits(current);
  const limits: Record<string, number> = {};
  const errors: Partial<Record<LimitsField, string>> = {};
  for (const { field, key } of FIELDS) {
    const text = draft[field].trim();
    if (text === '') continue;
    const original = current[key];
    if (text === prefilled[field] && original !== undefined) {
      limits[key] = original;
      continue;
    }
    const parsed = parseLimit(key, text);
    if (!parsed.ok) errors[field] = `Use ${parsed.expected}`;
    else if (parsed.value !== null) limits[key] = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, limits };
}

/** A limit the run reached, and what the form suggests instead, in the units the field takes. */
export type LimitSuggestion = Readonly<{ field: LimitsField; text: string; note: string }>;

/**
 * Pure: for a run paused by its budget, each token or cost limit it reached with a higher one to
 * suggest (`suggestRaisedLimit`), as the field's text and a sentence saying why.
 */
export function suggestRaisedLimits(run: Pick<Run, 'limits' | 'inputTokens' | 'outputTokens' | 'costUsd'>): ReadonlyArray<LimitSuggestion> {
  const suggestions: LimitSuggestion[] = [];
  const maxTokens = activeLimit(run.limits.maxTokens);
  const tokens = run.inputTokens + run.outputTokens;
  if (maxTokens !== null && tokens >= maxTokens) {
    const raised = suggestRaisedLimit('maxTokens', maxTokens, tokens);
    suggestions.push({ field: 'maxTokens', text: String(raised), note: `Reached ${formatTokens(maxTokens)} tokens; suggested ${formatTokens(raised)}.` });
  }
  const maxCostUsd = activeLimit(run.limits.maxCostUsd);
  if (maxCostUsd !== null && run.costUsd !== null && run.costUsd >= maxCostUsd) {
    const raised = suggestRaisedLimit('maxCostUsd', maxCostUsd, run.costUsd);
    suggestions.push({ field: 'maxCostUsd', text: String(raised), note: `Reached ${formatCost(maxCostUsd)}; suggested ${formatCost(raised)}.` });
  }
  return suggestions;
}

/** Pure: the extend form's first draft: the run's limits, with a reached limit replaced by the suggestion. */
export function extendDraft(run: Pick<Run, 'limits' | 'inputTokens' | 'outputTokens' | 'costUsd'>): LimitsDraft {
  const draft: Record<LimitsField, string> = { ...draftFromLimits(run.limits) };
  for (const suggestion of suggestRaisedLimits(run)) draft[suggestion.field] = suggestion.text;
  return draft;
}
