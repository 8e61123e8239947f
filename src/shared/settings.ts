import { MAX_TIMER_MESSAGE, MAX_TIMER_MS } from './duration';
import { z } from 'zod';
import { DEFAULT_PROVIDERS, Prices, Providers, ProvidersPatch, applyProvidersPatch } from './providers';
import { ApprovalTimeoutAction, Limits, PermissionProfile } from './records';
import { DEFAULT_NOTIFY, NotifySettings, applyNotifiersPatch } from './notifiers';

export const MIB = 1024 * 1024;

const RetentionSettings = z
  .object({
    /** Event bytes kept per run; above it the oldest go and a `truncated` marker says so. */
    perRunMaxBytes: z
      .number()
      .int()
      .min(64 * 1024),
    /** Events of runs that ended longer ago than this are removed (their iterations stay). */
    maxAgeDays: z.number().int().min(1),
    /** An ended run's worktree with nothing unmerged in it is removed this many days after the run ended (never one with unmerged changes). */
    worktreeMaxAgeDays: z.number().int().min(1),
  })
  .strict();

const BudgetSettings = z
  .object({
    /** Across all runs per UTC day; null or 0 is unlimited. */
    dailyMaxTokens: z.number().int().min(0).nullable(),
    dailyMaxCostUsd: z.number().min(0).nullable(),
  })
  .strict();

const RunDefaults = z
  .object({
    /** The model a run gets when neither the form nor its template names one (`provider/model`); null: none. */
    model: z.string().min(3).max(300).nullable(),
    limits: Limits,
    profile: PermissionProfile,
    approvalTimeoutMs: z.number().int().positive().max(MAX_TIMER_MS, MAX_TIMER_MESSAGE),
    onApprovalTimeout: ApprovalTimeoutAction,
  })
  .strict();

const ConcurrencySettings = z
  .object({
    /** Runs with a process at once, scheduled or not; a start over it waits as `queued`. 0: no limit. */
    maxConcurrentRuns: z.number().int().min(0).max(1_000),
    /** The same per provider (`anthropic: 2`); a provider left out is limited only by the overall cap. */
    perProvider: z.record(z.string().min(1), z.number().int().min(0).max(1_000)),
  })
  .strict();

const NotificationChoices = z
  .object({
    approvalNeeded: z.boolean(),
    budgetPause: z.boolean(),
    runEnded: z.boolean(),
    failureStop: z.boolean(),
    /** Ask approvals in a native dialog as well as in the window (Electron). */
    approvalDialogs: z.boolean(),
  })
  .strict();

/** An agent binary chosen by a person: an absolute path (the engine checks it exists and runs when it is set). */
export const AgentPathText = z
  .string()
  .max(4_096)
  .refine((value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value), 'an agent path must be absolute (e.g. /usr/local/bin/claude)')
  .refine((value) => !value.includes('\0'), 'an agent path cannot hold a NUL character');

/** The `claude` and `codex` binaries chosen in Settings → Agents instead of the ones found on PATH (issue #23). */
export const AgentPaths = z.object({ 'claude-code': AgentPathText.optional(), codex: AgentPathText.optional() }).strict();
export type AgentPaths = z.infer<typeof AgentPaths>;

/** The engine's settings (DESIGN §8–§9). */
export const Settings = z
  .object({
    retention: RetentionSettings,
    budgets: BudgetSettings,
    runDefaults: RunDefaults,
    /** Configured model providers by name (DESIGN §11); `scripted` is built in and not listed. */
    providers: Providers,
    /** Price overrides by `provider/model`, USD per million tokens (DESIGN §8). */
    prices: Prices,
    /** Which OS notifications the desktop app shows (DESIGN §11). */
    notifications: NotificationChoices,
    /** The concurrency caps (issue #21). */
    concurrency: ConcurrencySettings,
    /** Webhook and ntfy notifiers the engine calls itself, with one-tap action links (issue #25). */
    notify: NotifySettings,
    /** Agent binaries chosen by path (left out: found on PATH, else bundled); set through `agents.setPath`, which checks them. */
    agentPaths: AgentPaths.optional(),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  retention: { perRunMaxBytes: 20 * MIB, maxAgeDays: 90, worktreeMaxAgeDays: 14 },
  budgets: { dailyMaxTokens: null, dailyMaxCostUsd: null },
  runDefaults: { model: null, limits: {}, profile: 'ask', approvalTimeoutMs: 15 * 60_000, onApprovalTimeout: 'pause' },
  providers: DEFAULT_PROVIDERS,
  prices: {},
  notifications: { approvalNeeded: true, budgetPause: true, runEnded: true, failureStop: true, approvalDialogs: true },
  concurrency: { maxConcurrentRuns: 4, perProvider: {} },
  notify: DEFAULT_NOTIFY,
};

/** Some settings to change; fields left out keep their value. */
export const SettingsPatch = z
  .object({
    retention: RetentionSettings.partial().optional(),
    budgets: BudgetSettings.partial().optional(),
    runDefaults: RunDefaults.partial().optional(),
    /** The whole set of providers: one left out is removed; a left-out `apiKey` keeps the stored key. */
    providers: ProvidersPatch.optional(),
    /** The whole set of price overrides. */
    prices: Prices.optional(),
    notifications: NotificationChoices.partial().optional(),
    concurrency: ConcurrencySettings.partial().optional(),
    /** `notifiers` is the whole list; a webhook's left-out `secret` keeps the stored one. */
    notify: NotifySettings.partial().optional(),
    /** The whole set of chosen agent paths (an agent left out: none chosen). */
    agentPaths: AgentPaths.optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** The settings after a patch. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  const agentPaths = patch.agentPaths ?? settings.agentPaths;
  return {
    ...(agentPaths && Object.keys(agentPaths).length > 0 ? { agentPaths } : {}),
    retention: { ...settings.retention, ...patch.retention },
    budgets: { ...settings.budgets, ...patch.budgets },
    runDefaults: { ...settings.runDefaults, ...patch.runDefaults },
    providers: patch.providers ? applyProvidersPatch(settings.providers, patch.providers) : settings.providers,
    prices: patch.prices ?? settings.prices,
    notifications: { ...settings.notifications, ...patch.notifications },
    concurrency: { ...settings.concurrency, ...patch.concurrency },
    notify: {
      ...settings.notify,
      ...patch.notify,
      notifiers: patch.notify?.notifiers ? applyNotifiersPatch(settings.notify.notifiers, patch.notify.notifiers) : settings.notify.notifiers,
    },
  };
}
