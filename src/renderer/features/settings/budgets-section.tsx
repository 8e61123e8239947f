import { useState } from 'react';
import type { Settings } from '../../../shared/settings';
import { TextField } from '../../ui/text-field';
import { type BudgetsDraft, budgetsDraftFrom, checkBudgetsDraft, type FieldErrors } from './settings-drafts';
import { SettingsSection } from './settings-section';
import { useSettingsSave } from './use-settings-save';

/** Daily budgets across all runs (per UTC day): reaching one pauses every run at its next iteration. */
export function BudgetsSection({ settings }: Readonly<{ settings: Settings }>) {
  const saving = useSettingsSave();
  const [draft, setDraft] = useState<BudgetsDraft>(() => budgetsDraftFrom(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (): void => {
    const checked = checkBudgetsDraft(draft);
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) void saving.save(checked.patch);
    else saving.fail('Some budgets need attention.');
  };
  return (
    <SettingsSection
      id="settings-budgets"
      title="Daily budgets"
      description="Across all runs, per UTC day. A run that would go over pauses before its next iteration. Empty means no limit."
      saving={saving}
      onSubmit={submit}
    >
      <div className="limit-fields">
        <TextField
          id="budgets-dailyMaxTokens"
          label="Tokens per day"
          value={draft.dailyMaxTokens}
          placeholder="No limit"
          inputMode="numeric"
          error={errors.dailyMaxTokens}
          onChange={(value) => setDraft({ ...draft, dailyMaxTokens: value })}
        />
        <TextField
          id="budgets-dailyMaxCostUsd"
          label="Cost per day (USD)"
          value={draft.dailyMaxCostUsd}
          placeholder="No limit"
          inputMode="decimal"
          error={errors.dailyMaxCostUsd}
          onChange={(value) => setDraft({ ...draft, dailyMaxCostUsd: value })}
        />
      </div>
    </SettingsSection>
  );
}
