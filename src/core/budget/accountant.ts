import { formatCost, formatTokens } from '../../shared/format';
import type { PauseReason, Run } from '../../shared/records';
import type { Settings } from '../../shared/settings';
import type { Db } from '../store/database';
import type { RunsRepository } from '../store/runs-repository';
import { MAX_COST_TOTAL_USD, MAX_TOKENS_TOTAL, addTokens, boundedCost, boundedTokens } from '../../shared/usage-bounds';
import { budgetWarnings } from './budget-warnings';
import { type GateDecision, decideGate } from './decide-gate';
import { type TokenUsage, addCost, costOf } from './prices';

export type DailyUsage = Readonly<{ day: string; tokens: number; costUsd: number; unpricedResponses: number }>;

/** The UTC day a moment belongs to: days roll over at 00:00 UTC (DESIGN §8). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

const tokens = formatTokens;
const dollars = formatCost;

/** Usage per run and per UTC day, and the gate's answer (DESIGN §8). */
export interface Accountant {
  /** The usage of a UTC day across runs (today when no day is given). */
  daily(day?: string): DailyUsage;
  /** Adds one model response's usage to its run and its day; returns the run and the cost of the response. */
  record(runId: string, model: string, usage: TokenUsage, reportedCost: number | null): Readonly<{ run: Run; costUsd: number | null }>;
  /** Whether the run may start its next iteration: the person's pause, then the run's and the day's budgets. */
  gate(runId: string, pauseRequested: PauseReason | null): GateDecision;
  /** Drops what the accountant remembers about a run (its warnings given). */
  forget(runId: string): void;
}

/**
 * Owns usage (DESIGN §8): per run and per UTC day across runs, from `usage` messages, and answers
 * the gate. One writer (the engine), one transaction per report, so concurrent runs never lose an update.
 */
export function createAccountant(
  deps: Readonly<{
    db: Db;
    runs: RunsRepository;
    settings: () => Settings;
    now(): Date;
    /** Tells every window about the run's new totals; called after the transaction that stored them commits. */
    publish(run: Run): void;
    warn(runId: string, message: string): void;
  }>,
): Accountant {
  const addDaily = deps.db
    .prepare(`INSERT INTO usage_daily (day, input_tokens, output_tokens, cost_usd, unpriced_responses) VALUES (@day, @input, @output, @cost, @unpriced)
    ON CONFLICT (day) DO UPDATE SET input_tokens = MIN(input_tokens + @input, @maxTokens), output_tokens = MIN(output_tokens + @output, @maxTokens),
    cost_usd = MIN(cost_usd + @cost, @maxCost), unpriced_responses = unpriced_responses + @unpriced`);
  const readDaily = deps.db.prepare(
    'SELECT input_tokens + output_tokens AS tokens, cost_usd AS costUsd, unpriced_responses AS unpriced FROM usage_daily WHERE day = ?',
  );
  const warned = new Map<string, Set<string>>();
  /** Days on which the person was told that the daily cost budget cannot count some responses: once a day. */
  const unpricedWarnedDays = new Set<string>();

  function daily(day = utcDay(deps.now())): DailyUsage {
    const row = readDaily.get(day) as { tokens: number; costUsd: number; unpriced: number } | undefined;
    return { day, tokens: boundedTokens(row?.tokens ?? 0), costUsd: boundedCost(row?.costUsd ?? 0), unpricedResponses: row?.unpriced ?? 0 };
  }

  return {
    daily,

    /** Adds one model response's usage to its run and its day; returns the run and the cost of the response. */
    record(runId: string, model: string, usage: TokenUsage, reportedCost: number | null): Readonly<{ run: Run; costUsd: number | null }> {
      const cost = reportedCost ?? costOf(model, usage, deps.settings().prices);
      const { before, after, dayBefore, dayAfter } = deps.db.transaction(() => {
        const stored = deps.runs.getRun(runId);
        if (!stored) throw new Error(`run ${runId} is not in the database`);
        const dayBefore = daily();
        const bounds = { maxTokens: MAX_TOKENS_TOTAL, maxCost: MAX_COST_TOTAL_USD };
        addDaily.run({ day: dayBefore.day, input: usage.inputTokens, output: usage.outputTokens, cost: cost ?? 0, unpriced: cost === null ? 1 : 0, ...bounds });
        const total = addCost(stored.run.costUsd, cost);
        const after = deps.runs.updateRun(runId, {
          inputTokens: addTokens(stored.run.inputTokens, usage.inputTokens),
          outputTokens: addTokens(stored.run.outputTokens, usage.outputTokens),
          cacheReadTokens: addTokens(stored.run.cacheReadTokens, usage.cacheReadTokens),
          cacheWriteTokens: addTokens(stored.run.cacheWriteTokens, usage.cacheWriteTokens),
          costUsd: total === null ? null : boundedCost(total),
        });
        return { before: stored.run, after, dayBefore, dayAfter: daily(dayBefore.day) };
      })();
      // Published only now: a listener that reads the database sees what the event says.
      deps.publish(after);
      const { budgets } = deps.settings();
      const seen = warned.get(runId) ?? new Set<string>();
      warned.set(runId, seen);
      const warnings = budgetWarnings([
        {
          label: 'Run tokens',
          limit: after.limits.maxTokens,
          before: before.inputTokens + before.outputTokens,
          after: after.inputTokens + after.outputTokens,
          format: tokens,
        },
        { label: 'Run cost', limit: after.limits.maxCostUsd, before: before.costUsd, after: after.costUsd, format: dollars },
        { label: `Tokens today (${dayAfter.day})`, limit: budgets.dailyMaxTokens, before: dayBefore.tokens, after: dayAfter.tokens, format: tokens },
        { label: `Spend today (${dayAfter.day})`, limit: budgets.dailyMaxCostUsd, before: dayBefore.costUsd, after: dayAfter.costUsd, format: dollars },
      ]);
      for (const warning of warnings.filter((candidate) => !seen.has(candidate.key))) {
        seen.add(warning.key);
        deps.warn(runId, warning.message);
      }
      if (cost === null && (budgets.dailyMaxCostUsd ?? 0) > 0 && !unpricedWarnedDays.has(dayAfter.day)) {
        unpricedWarnedDays.add(dayAfter.day);
        deps.warn(
          runId,
          `Spend today (${dayAfter.day}): ${model} has no known price, so the daily cost budget (${dollars(budgets.dailyMaxCostUsd ?? 0)}) cannot ` +
            `count its usage; today's spend is unknown. Add the model's price in settings, or set a daily token budget`,
        );
      }
      return { run: after, costUsd: cost };
    },

    /** Whether the run may start its next iteration: the person's pause, then the run's and the day's budgets. */
    gate(runId: string, pauseRequested: PauseReason | null): GateDecision {
      const stored = deps.runs.getRun(runId);
      if (!stored) throw new Error(`run ${runId} is not in the database`);
      const { run } = stored;
      return decideGate({
        pauseRequested,
        usage: { tokens: run.inputTokens + run.outputTokens, costUsd: run.costUsd },
        limits: run.limits,
        daily: daily(),
        dailyLimits: deps.settings().budgets,
      });
    },

    forget(runId: string): void {
      warned.delete(runId);
    },
  };
}
