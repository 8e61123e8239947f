import { type ContextMode, ContextMode as ContextModes, describeContextMode } from '../../../../shared/context-mode';
import { Field } from '../../../ui/field';
import { type Inherited, inheritedText } from './inherited-settings';

/** The mode the form chose ('' leaves it to the template, else `carry`) and the one the run would inherit. */
export type ContextFieldProps = Readonly<{
  context: ContextMode | '';
  inherited: Inherited;
  error: string | undefined;
  onChange(context: ContextMode | ''): void;
}>;

/** What each iteration remembers of the ones before: the conversation, the summaries, or nothing but its files. */
export function ContextField({ context, inherited, error, onChange }: ContextFieldProps) {
  return (
    <Field
      id="run-context"
      label="Context"
      error={error}
      help="Carry: one conversation across iterations, compacted when long. Summaries: each iteration starts anew with the earlier iterations' reports. Fresh: each starts with only the program and its prompt; the agent keeps its memory in files."
    >
      {(control) => (
        <select {...control} value={context} onChange={(event) => onChange(event.target.value as ContextMode | '')}>
          <option value="">{inheritedText(inherited)}</option>
          {ContextModes.options.map((mode) => (
            <option key={mode} value={mode}>
              {mode}: {describeContextMode(mode)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
