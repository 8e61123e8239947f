import { formatDuration, parseDuration } from '../../../shared/duration';
import { activeLimit, type ApprovalTimeoutAction, type Limits, type PermissionProfile } from '../../../shared/records';
import { MIB, type Settings, type SettingsPatch } from '../../../shared/settings';

/** Field errors by field name. */
export type FieldErrors = Readonly<Record<string, string>>;

/** A settings patch to send, or the field errors to show. */
export type PatchCheck = Readonly<{ ok: true; patch: SettingsPatch } | { ok: false; errors: FieldErrors }>;

/** The run defaults as typed. */
export type DefaultsDraft = Readonly<{
  /** `provider/model`; empty: none. */
  model: string;
  maxIterations: string;
  maxTokens: string;
  maxCostUsd: string;
  maxDuration: string;
  profile: PermissionProfile;
  approvalTimeout: string;
  onApprovalTimeout: ApprovalTimeoutAction;
}>;

/** The daily budgets as typed. */
export type BudgetsDraft = Readonly<{ dailyMaxTokens: string; dailyMaxCostUsd: string }>;

/** The event retention as typed: MiB per run and days. */
export type RetentionDraft = Readonly<{ perRunMaxMib: string; maxAgeDays: string }>;

const shown = (value: number | null | undefined): string => {
  const limit = activeLimit(value);
  return limit === null ? '' : String(limit);
};

/** Durations are typed like `30m` or `1h30m`; this writes one back in that form. */
function durationText(ms: number | undefined): string {
  const active = activeLimit(ms);
  if (active === null) return '';
  const units: ReadonlyArray<[number, string]> = [
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  let rest = active;
  let text = '';
  for (const [size, unit] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return rest > 0 ? `${text}${rest}ms` : text || formatDuration(active);
}

type Reader = (text: string) => number | string;

const wholeAtLeast =
  (min: number): Reader =>
  (text) => {
    const value = Number(text);
    return Number.isInteger(value) && value >= min ? value : `Use a whole number of at least ${min}`;
  };
const amount: Reader = (text) => {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : 'Use an amount above 0, such as 2.50';
};
const duration: Reader = (text) => {
  const value = parseDuration(text);
  return value !== null && value >= 1 ? Math.round(value) : 'Use a duration such as 30m, 2h or 1h30m';
};

/** Reads each non-empty field; errors go into `errors`, empty fields are left out. */
function readFields<K extends string>(
  draft: Readonly<Record<NoInfer<K>, string>>,
  readers: Readonly<Record<K, Reader>>,
  errors: Record<string, string>,
): Partial<Record<K, number>> {
  const values: Partial<Record<K, number>> = {};
  for (const key of Object.keys(readers) as K[]) {
    const text = draft[key].trim();
    if (text === '') continue;
    const read = readers[key](text);
    if (typeof read === 'number') values[key] = read;
    else errors[key] = read;
  }
  return values;
}

/** Pure: the defaults form prefilled from the settings. */
export function defaultsDraftFrom(settings: Settings): DefaultsDraft {
  const { model, limits, profile, approvalTimeoutMs, onApprovalTimeout } = settings.runDefaults;
  return {
    model: model ?? '',
    maxIterations: shown(limits.maxIterations),
    maxTokens: shown(limits.maxTokens),
    maxCostUsd: shown(limits.maxCostUsd),
    maxDuration: durationText(limits.maxDurationMs),
    profile,
    approvalTimeout: durationText(approvalTimeoutMs),
    onApprovalTimeout,
  };
}

/** Pure: the run defaults to save; an empty limit means none. */
export function checkDefaultsDraft(draft: DefaultsDraft): PatchCheck {
  const errors: Record<string, string> = {};
  const read = readFields(
    draft,
    { maxIterations: wholeAtLeast(1), maxTokens: wholeAtLeast(1), maxCostUsd: amount, maxDuration: duration, approvalTimeout: duration },
    errors,
  );
  if (read.approvalTimeout === undefined && errors.approvalTimeout === undefined) errors.approvalTimeout = 'Give how long a request waits, such as 15m';
  const model = draft.model.trim();
  if (model !== '' && !/^[^/\s]+\/\S+$/.test(model)) errors.model = 'Write provider/model, such as anthropic/claude-sonnet-4-5';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const limits: Limits = {
    ...(read.maxIterations !== undefined ? { maxIterations: read.maxIterations } : {}),
    ...(read.maxTokens !== undefined ? { maxTokens: read.maxTokens } : {}),
    ...(read.maxCostUsd !== undefined ? { maxCostUsd: read.maxCostUsd } : {}),
    ...(read.maxDuration !== undefined ? { maxDurationMs: read.maxDuration } : {}),
  };
  return {
    ok: true,
    patch: {
      runDefaults: {
        model: model === '' ? null : model,
        limits,
        profile: draft.profile,
        approvalTimeoutMs: read.approvalTimeout,
        onApprovalTimeout: draft.onApprovalTimeout,
      },
    },
  };
}

/** Pure: the budgets form prefilled from the settings. */
export function budgetsDraftFrom(settings: Settings): BudgetsDraft {
  return { dailyMaxTokens: shown(settings.budgets.dailyMaxTokens), dailyMaxCostUsd: shown(settings.budgets.dailyMaxCostUsd) };
}

/** Pure: the daily budgets to save; an empty field means no limit (`null`). */
export function checkBudgetsDraft(draft: BudgetsDraft): PatchCheck {
  const errors: Record<string, string> = {};
  const read = readFields(draft, { dailyMaxTokens: wholeAtLeast(1), dailyMaxCostUsd: amount }, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, patch: { budgets: { dailyMaxTokens: read.dailyMaxTokens ?? null, dailyMaxCostUsd: read.dailyMaxCostUsd ?? null } } };
}

/** Pure: the retention form prefilled from the settings. */
export function retentionDraftFrom(settings: Settings): RetentionDraft {
  return { perRunMaxMib: String(Math.round((settings.retention.perRunMaxBytes / MIB) * 100) / 100), maxAgeDays: String(settings.retention.maxAgeDays) };
}

/** Pure: the retention to save; both fields are needed (64 KiB per run at least, 1 day at least). */
export function checkRetentionDraft(draft: RetentionDraft): PatchCheck {
  const errors: Record<string, string> = {};
  const mib = Number(draft.perRunMaxMib.trim());
  if (!Number.isFinite(mib) || mib * MIB < 64 * 1024) errors.perRunMaxMib = 'Use at least 0.0625 MiB (64 KiB)';
  const days = Number(draft.maxAgeDays.trim());
  if (!Number.isInteger(days) || days < 1) errors.maxAgeDays = 'Use a whole number of days, at least 1';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, patch: { retention: { perRunMaxBytes: Math.round(mib * MIB), maxAgeDays: days } } };
}
