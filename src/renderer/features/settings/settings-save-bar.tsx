import type { SettingsPageSave } from './use-settings-page-draft';

/** The Settings page's one save state: what is unsaved, Save and Discard; it stays in view at the bottom of the page. */
export function SettingsSaveBar({ page }: Readonly<{ page: SettingsPageSave }>) {
  const isDirty = page.changed.length > 0;
  return (
    <div className={`save-bar${isDirty ? ' save-bar-dirty' : ''}`} role="region" aria-label="Save settings" data-testid="settings-save-bar">
      <p className="save-bar-state" role="status" data-testid="settings-save-state">
        {isDirty ? `Unsaved changes: ${page.changed.join(', ')}` : page.isSaved ? 'Saved.' : 'No unsaved changes.'}
      </p>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={!isDirty || page.isSaving}>
          {page.isSaving ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" onClick={page.discard} disabled={!isDirty || page.isSaving}>
          Discard
        </button>
      </div>
      {page.error && (
        <p role="alert" className="alert">
          {page.error}
        </p>
      )}
    </div>
  );
}
