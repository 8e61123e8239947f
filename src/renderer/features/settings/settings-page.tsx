import { AppearanceSection } from './appearance-section';
import { BudgetsSection } from './budgets-section';
import { DataSection } from './data-section';
import { DefaultsSection } from './defaults-section';
import { NotificationsSection } from './notifications-section';
import { ProvidersSection } from './providers-section';
import { useSettingsStore } from './settings-store';
import { useSettingsLoader } from './use-settings-loader';

const SECTIONS: ReadonlyArray<Readonly<{ id: string; label: string }>> = [
  { id: 'settings-providers', label: 'Providers' },
  { id: 'settings-defaults', label: 'Run defaults' },
  { id: 'settings-budgets', label: 'Daily budgets' },
  { id: 'settings-notifications', label: 'Notifications' },
  { id: 'settings-data', label: 'Data' },
  { id: 'settings-appearance', label: 'Appearance' },
];

/** Providers, run defaults, budgets, notifications, data and appearance, each saved on its own; `provider` opens that provider's form. */
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
      {settings === null ? (
        !loadError && <p className="muted">Loading settings…</p>
      ) : (
        <>
          <DefaultsSection settings={settings} />
          <BudgetsSection settings={settings} />
          <NotificationsSection settings={settings} />
          <DataSection settings={settings} />
        </>
      )}
      <AppearanceSection />
    </section>
  );
}
