import type { TemplateParam } from '../../../../shared/templates';
import { Field, type FieldControlProps } from '../../../ui/field';
import { type DraftErrors, paramKey } from './new-run-draft';

/** A template's declared params, the draft's values and errors, and where changes go. */
export type ParamsFieldsProps = Readonly<{
  params: Readonly<Record<string, TemplateParam>>;
  values: Readonly<Record<string, string | boolean>>;
  errors: DraftErrors;
  onChange(name: string, value: string | boolean): void;
}>;

const controlId = (name: string): string => `param-${name}`;

/** Pure: a param's name made readable: `test_command` and `testCommand` are "Test command", `max-files` is "Max files". */
export function humaniseParamName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => (/^[A-Z0-9]+$/.test(word) ? word : word.toLowerCase()));
  const text = words.join(' ');
  return text === '' ? name : text.charAt(0).toUpperCase() + text.slice(1);
}

/** Pure: what the form calls a param: its declared `label`, else its name made readable. */
export function paramLabel(name: string, spec: TemplateParam): string {
  return spec.label?.trim() || humaniseParamName(name);
}

function ParamControl({
  name,
  spec,
  value,
  control,
  onChange,
}: Readonly<{
  name: string;
  spec: TemplateParam;
  value: string | boolean | undefined;
  control: FieldControlProps;
  onChange(name: string, value: string | boolean): void;
}>) {
  if (spec.type === 'boolean') {
    return <input {...control} type="checkbox" checked={value === true} onChange={(event) => onChange(name, event.target.checked)} />;
  }
  const text = typeof value === 'string' ? value : '';
  if (spec.enum) {
    return (
      <select {...control} value={text} required={spec.required} onChange={(event) => onChange(name, event.target.value)}>
        {!spec.required && <option value="">(none)</option>}
        {spec.required && text === '' && <option value="">Choose…</option>}
        {spec.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      {...control}
      type={spec.type === 'number' ? 'number' : 'text'}
      step={spec.type === 'number' ? 'any' : undefined}
      value={text}
      required={spec.required}
      onChange={(event) => onChange(name, event.target.value)}
    />
  );
}

/** The inputs for a template's declared params: one per param, typed, defaults prefilled by the draft. */
export function ParamsFields({ params, values, errors, onChange }: ParamsFieldsProps) {
  const names = Object.keys(params);
  if (names.length === 0) return <p className="muted">This template has no parameters.</p>;
  return (
    <fieldset className="params">
      <legend>Parameters</legend>
      {names.map((name) => {
        const spec = params[name];
        if (!spec) return null;
        return (
          <Field
            key={name}
            id={controlId(name)}
            label={paramLabel(name, spec)}
            help={spec.description || undefined}
            error={errors[paramKey(name)]}
            isRequired={spec.required}
          >
            {(control) => <ParamControl name={name} spec={spec} value={values[name]} control={control} onChange={onChange} />}
          </Field>
        );
      })}
    </fieldset>
  );
}
