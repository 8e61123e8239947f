import { useMemo } from 'react';
import { activeLimit } from '../../shared/records';
import { useRunsStore } from '../features/runs/runs-store';
import { useSettingsStore } from '../features/settings/settings-store';
import { formatCost } from '../ui/format';
import { useNow } from '../ui/use-now';
import { spendToday } from './today-spend';

/** The day changes rarely; a minute is precise enough for "today". */
const DAY_CHECK_MS = 60_000;

/**
 * Today's spend against the daily cost limit. There is no engine method for the day's usage yet,
 * so it adds up the runs started today (UTC) in this window and says so.
 */
export function HeaderSpend() {
  const byId = useRunsStore((state) => state.byId);
  const dailyMax = useSettingsStore((state) => activeLimit(state.settings?.budgets.dailyMaxCostUsd));
  const now = useNow(DAY_CHECK_MS);
  const spend = useMemo(() => spendToday(Object.values(byId), now), [byId, now]);
  const isOver = dailyMax !== null && spend.costUsd >= dailyMax;
  return (
    <span
      className={`header-count${isOver ? ' header-attention' : ''}`}
      data-testid="today-spend"
      title="Adds up the cost of the runs that started today (UTC); the engine's own daily budget also counts runs started earlier."
    >
      {formatCost(spend.costUsd)}
      {spend.hasUnknownCost ? '+' : ''}
      {dailyMax !== null ? ` of ${formatCost(dailyMax)}` : ''} today <span className="muted">(runs started today)</span>
    </span>
  );
}
