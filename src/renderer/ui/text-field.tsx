import { Field } from './field';

/** One labelled text input with its help and error. */
export type TextFieldProps = Readonly<{
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  help?: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'url';
  type?: 'text' | 'password' | 'url';
  autoComplete?: string;
}>;

/** A `Field` holding a text input, for forms made of many such fields. */
export function TextField({ id, label, value, onChange, error, help, placeholder, inputMode, type = 'text', autoComplete }: TextFieldProps) {
  return (
    <Field id={id} label={label} help={help} error={error}>
      {(control) => (
        <input
          {...control}
          type={type}
          value={value}
          placeholder={placeholder}
          inputMode={inputMode}
          autoComplete={autoComplete}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
