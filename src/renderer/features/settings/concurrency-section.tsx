import { TextField } from '../../ui/text-field';
import { providerCapField } from './concurrency-draft';
import { SettingsSection } from './settings-section';
import type { SettingsPageSave } from './use-settings-page-draft';

/** How many runs have a process at once, overall and per provider; a start over a cap waits as queued, in order. */
export function ConcurrencySection({ page }: Readonly<{ page: SettingsPageSave }>) {
  const draft = page.draft.concurrency;
  return (
    <SettingsSection
      id="settings-concurrency"
      title="Concurrent runs"
      description="Runs over a cap wait as queued (“queued 2 of 3”) and start in order as others end; Run anyway starts one over it. 0 means no limit."
    >
      <TextField
        id="concurrency-maxConcurrentRuns"
        label="Runs at once"
        value={draft.maxConcurrentRuns}
        inputMode="numeric"
        error={page.errors.maxConcurrentRuns}
        onChange={(value) => page.change('concurrency', { maxConcurrentRuns: value })}
      />
      <div className="limit-fields">
        {Object.entries(draft.perProvider).map(([provider, value]) => (
          <TextField
            key={provider}
            id={providerCapField(provider)}
            label={`${provider} runs at once`}
            value={value}
            placeholder="Only the overall cap"
            inputMode="numeric"
            error={page.errors[providerCapField(provider)]}
            onChange={(text) => page.change('concurrency', { perProvider: { ...draft.perProvider, [provider]: text } })}
          />
        ))}
      </div>
    </SettingsSection>
  );
}
