import type { Run } from '../../shared/records';

/** What runs started today (UTC, the day budgets count by, DESIGN §8) have used so far. */
export type TodaySpend = Readonly<{ costUsd: number; tokens: number; runCount: number; hasUnknownCost: boolean }>;

/** Pure: the spend of the runs that started on the UTC day of `nowMs`; a run with an unknown price is flagged, never counted as $0. */
export function spendToday(runs: ReadonlyArray<Run>, nowMs: number): TodaySpend {
  const today = new Date(nowMs).toISOString().slice(0, 10);
  let costUsd = 0;
  let tokens = 0;
  let runCount = 0;
  let hasUnknownCost = false;
  for (const run of runs) {
    if ((run.startedAt ?? run.createdAt).slice(0, 10) !== today) continue;
    runCount += 1;
    tokens += run.inputTokens + run.outputTokens;
    if (run.costUsd === null) hasUnknownCost = hasUnknownCost || run.inputTokens + run.outputTokens > 0;
    else costUsd += run.costUsd;
  }
  return { costUsd, tokens, runCount, hasUnknownCost };
}
