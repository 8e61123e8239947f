import type { ReactNode } from 'react';

/** A titled settings panel; the page's one save bar saves what is typed in it. */
export function SettingsSection({ id, title, description, children }: Readonly<{ id: string; title: string; description?: string; children: ReactNode }>) {
  return (
    <section className="panel settings-section" aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {description && <p className="muted">{description}</p>}
      <div className="form">{children}</div>
    </section>
  );
}
