import type { ReactNode } from 'react';

/** The accessibility attributes a control inside a `Field` should spread onto itself. */
export type FieldControlProps = Readonly<{ id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }>;

/** What a Field shows; `children` renders the control with the props it is given. */
export type FieldProps = Readonly<{
  id: string;
  label: string;
  help?: string;
  error?: string | undefined;
  isRequired?: boolean;
  children: (control: FieldControlProps) => ReactNode;
}>;

/**
 * One form field: a real `<label htmlFor>`, the control, help text and its error, tied together
 * with `aria-describedby`. The "required" mark sits outside the label so the label text stays exact.
 */
export function Field({ id, label, help, error, isRequired = false, children }: FieldProps) {
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        {isRequired && (
          <span className="field-required" aria-hidden="true">
            required
          </span>
        )}
      </div>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      {help && (
        <p className="field-help" id={helpId}>
          {help}
        </p>
      )}
    </div>
  );
}
