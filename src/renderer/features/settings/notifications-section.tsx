import type { Settings } from '../../../shared/settings';
import { SettingsSection } from './settings-section';
import type { SettingsPageSave } from './use-settings-page-draft';

type Choices = Settings['notifications'];

/** The choices with their labels, in the order the page shows them. */
const CHOICES: ReadonlyArray<Readonly<{ key: keyof Choices; label: string }>> = [
  { key: 'approvalNeeded', label: 'An approval is needed' },
  { key: 'budgetPause', label: 'A run paused for its budget' },
  { key: 'runEnded', label: 'A run ended' },
  { key: 'failureStop', label: 'A run stopped after failures' },
  { key: 'approvalDialogs', label: 'Also ask approvals in a native dialog' },
];

/** Which OS notifications the desktop app shows, by type, and whether it asks approvals in a dialog. */
export function NotificationsSection({ page }: Readonly<{ page: SettingsPageSave }>) {
  const draft = page.draft.notifications;
  return (
    <SettingsSection
      id="settings-notifications"
      title="Notifications"
      description="What the desktop app tells you about while you are elsewhere. The browser tab shows everything in the page."
    >
      <fieldset>
        <legend>Notify me when</legend>
        {CHOICES.map(({ key, label }) => (
          <label key={key} className="checkbox-row">
            <input type="checkbox" checked={draft[key]} onChange={(event) => page.change('notifications', { [key]: event.target.checked })} />
            {label}
          </label>
        ))}
      </fieldset>
    </SettingsSection>
  );
}
