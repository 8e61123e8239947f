import type { FormEvent } from 'react';
import type { Settings } from '../../../shared/settings';
import { useLeaveGuard } from '../../app/leave-guard';
import { AgentsSection } from './agents-section';
import { AppearanceSection } from './appearance-section';
import { EnginesSection } from './engines-section';
import { BudgetsSection } from './budgets-section';
import { ConcurrencySection } from './concurrency-section';
import { DataSection } from './data-section';
import { DefaultsSection } from './defaults-section';
import { NotificationsSection } from './notifications-section';
import { ProvidersSection } from './providers-section';
import { SettingsSaveBar } from './settings-save-bar';
import { ToolsSection } from './tools-section';
import { useSettingsStore } from './settings-store';
import { useSettingsLoader } from './use-settings-loader';
import { useSettingsPageDraft } from './use-settings-page-draft';

const SECTIONS: ReadonlyArray<Readonly<{ id: string; label: string }>> = [
  { id: 'settings-providers', label: 'Providers' },
  { id: 'settings-agents', label: 'Agents' },
  { id: 'settings-defaults', label: 'Run defaults' },
  { id: 'settings-budgets', label: 'Daily budgets' },
  { id: 'settings-concurrency', label: 'Concurrent runs' },
  { id: 'settings-notifications', label: 'Notifications' },
  { id: 'settings-data', label: 'Data' },
  { id: 'settings-tools', label: 'Tools' },
  { id: 'settings-appearance', label: 'Appearance' },
  { id: 'settings-engines', label: 'Engines' },
];

/** Moves focus to the first field marked invalid on the page. */
function focusFirstInvalid(form: HTMLFormElement): void {
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * Run defaults, budgets, notifications and data: one draft, one save bar (Save / Discard, and which sections have
 * unsaved changes), and a question before leaving with unsaved changes.
 */
function SavedSettingsForm({ settings }: Readonly<{ settings: Settings }>) {
  const page = useSettingsPageDraft(settings);
  useLeaveGuard(page.changed.length > 0 ? 'your changes to the settings' : null);
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = event.currentTarget;
    // After the render that marks the fields, the first one to fix gets the focus.
    void page.save().then(() => requestAnimationFrame(() => focusFirstInvalid(form)));
  };
  return (
    <form className="settings-form" noValidate onSubmit={submit} aria-label="Settings">
      <DefaultsSection page={page} />
      <BudgetsSection page={page} />
      <ConcurrencySection page={page} />
      <NotificationsSection page={page} />
      <DataSection page={page} />
      <SettingsSaveBar page={page} />
    </form>
  );
}

/** Providers (each added or edited in its own form), the saved settings with one save bar, and appearance (applied at once); `provider` opens that provider's form. */
export function SettingsPage({ provider = null }: Readonly<{ provider?: string | null }>) {
  const loadError = useSettingsLoader();
  const settings = useSettingsStore((state) => state.settings);
  return (
    <section className="page settings-page" aria-labelledby="settings-heading">
      <div className="page-header">
        <h1 id="settings-heading">Settings</h1>
      </div>
      <nav aria-label="Settings sections" className="section-links">
        {SECTIONS.map((section) => (
          <button
            key={section.id}
            type="button"
            className="button-small"
            onClick={() => document.getElementById(section.id)?.scrollIntoView({ block: 'start' })}
          >
            {section.label}
          </button>
        ))}
      </nav>
      {loadError && (
        <p role="alert" className="alert">
          {loadError}
        </p>
      )}
      <ProvidersSection focus={provider} />
      <AgentsSection />
      {settings === null ? !loadError && <p className="muted">Loading settings…</p> : <SavedSettingsForm settings={settings} />}
      <ToolsSection />
      <AppearanceSection />
      <EnginesSection />
    </section>
  );
}
