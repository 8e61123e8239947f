import { TextField } from '../../ui/text-field';
import { SettingsSection } from './settings-section';
import type { SettingsPageSave } from './use-settings-page-draft';

/** Daily budgets across all runs (per UTC day): reaching one pauses every run at its next iteration. */
export function BudgetsSection({ page }: Readonly<{ page: SettingsPageSave }>) {
  const draft = page.draft.budgets;
  return (
    <SettingsSection
      id="settings-budgets"
      title="Daily budgets"
      description="Across all runs, per UTC day. A run that would go over pauses before its next iteration. Empty means no limit."
    >
      <div className="limit-fields">
        <TextField
          id="budgets-dailyMaxTokens"
          label="Tokens per day"
          value={draft.dailyMaxTokens}
          placeholder="No limit"
          inputMode="numeric"
          error={page.errors.dailyMaxTokens}
          onChange={(value) => page.change('budgets', { dailyMaxTokens: value })}
        />
        <TextField
          id="budgets-dailyMaxCostUsd"
          label="Cost per day (USD)"
          value={draft.dailyMaxCostUsd}
          placeholder="No limit"
          inputMode="decimal"
          error={page.errors.dailyMaxCostUsd}
          onChange={(value) => page.change('budgets', { dailyMaxCostUsd: value })}
        />
      </div>
    </SettingsSection>
  );
}
