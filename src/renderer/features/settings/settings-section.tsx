import type { FormEvent, ReactNode } from 'react';
import type { SettingsSave } from './use-settings-save';

/** A titled settings form with its Save button and the outcome of the last save. */
export function SettingsSection({
  id,
  title,
  description,
  saving,
  onSubmit,
  children,
}: Readonly<{
  id: string;
  title: string;
  description?: string;
  saving: SettingsSave;
  onSubmit(): void;
  children: ReactNode;
}>) {
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <section className="panel settings-section" aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {description && <p className="muted">{description}</p>}
      <form className="form" noValidate onSubmit={submit}>
        {children}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving.isSaving}>
            Save {title.toLowerCase()}
          </button>
          {saving.isSaved && (
            <span role="status" className="muted">
              Saved.
            </span>
          )}
        </div>
        {saving.error && (
          <p role="alert" className="alert">
            {saving.error}
          </p>
        )}
      </form>
    </section>
  );
}
