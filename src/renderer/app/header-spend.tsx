import { useEffect, useState } from 'react';
import type { ApiResult } from '../../shared/api';
import { activeLimit } from '../../shared/records';
import { useApiClient } from '../api/api-context';
import { useRunsStore } from '../features/runs/runs-store';
import { useSettingsStore } from '../features/settings/settings-store';
import { formatCost } from '../ui/format';
import { useNow } from '../ui/use-now';

/** Asks again at most this often while runs report usage, and once a minute for the day to roll over. */
const REFRESH_MS = 2_000;
const DAY_CHECK_MS = 60_000;

/** Today's spend across all runs (UTC day, as the daily budgets count it) against the daily cost limit. */
export function HeaderSpend() {
  const api = useApiClient();
  // Changes whenever any run reports usage: the moment to ask the engine again.
  const usageVersion = useRunsStore((state) => Object.values(state.byId).reduce((sum, run) => sum + run.inputTokens + run.outputTokens, 0));
  const dailyMax = useSettingsStore((state) => activeLimit(state.settings?.budgets.dailyMaxCostUsd));
  const minute = Math.floor(useNow(DAY_CHECK_MS) / DAY_CHECK_MS);
  const [today, setToday] = useState<ApiResult<'usage.today'> | null>(null);

  useEffect(() => {
    let isCurrent = true;
    const timer = setTimeout(
      () => {
        api.call('usage.today', {}).then(
          (usage) => isCurrent && setToday(usage),
          () => undefined,
        );
      },
      today === null ? 0 : REFRESH_MS,
    );
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
    // `today` is left out on purpose: only new usage or a new minute asks again.
  }, [api, usageVersion, minute]);

  if (!today) return null;
  const isOver = dailyMax !== null && today.costUsd >= dailyMax;
  return (
    <span
      className={`header-count${isOver ? ' header-attention' : ''}`}
      data-testid="today-spend"
      title={`Spend of all runs on ${today.day} (UTC), as the daily budget counts it${today.unpricedResponses ? `; ${today.unpricedResponses} responses had no known price` : ''}`}
    >
      {formatCost(today.costUsd)}
      {today.unpricedResponses > 0 ? '+' : ''}
      {dailyMax !== null ? ` of ${formatCost(dailyMax)}` : ''} today
    </span>
  );
}
