import type { PermissionProfile } from '../../../../shared/records';
import type { ProviderInfo } from '../../../../shared/providers-api';
import { Field } from '../../../ui/field';
import { ModelPicker } from './model-picker';
import type { DraftErrors, NewRunDraft } from './new-run-draft';
import { ALWAYS_ON_GUARDS, describePermissionProfile, PERMISSION_PROFILES } from '../permission-preview';

type TextSetting = 'name' | 'workdir' | 'maxIterations' | 'maxTokens' | 'maxCostUsd' | 'maxDuration' | 'interval';

/** The run settings of the new-run form, and where changes go. */
export type RunSettingsFieldsProps = Readonly<{
  draft: NewRunDraft;
  errors: DraftErrors;
  demoModel: string | null;
  providers: ReadonlyArray<ProviderInfo> | null;
  onChange(patch: Partial<NewRunDraft>): void;
}>;

type TextOptions = Readonly<{ help?: string; placeholder?: string; inputMode?: 'numeric' | 'decimal' }>;

/** The profile select and, in plain words, what the run may do without asking. */
function ProfileField({ profile, onChange }: Readonly<{ profile: PermissionProfile | ''; onChange(profile: PermissionProfile | ''): void }>) {
  return (
    <Field id="run-profile" label="Permissions" help={ALWAYS_ON_GUARDS}>
      {(control) => (
        <>
          <select {...control} value={profile} onChange={(event) => onChange(event.target.value as PermissionProfile | '')}>
            <option value="">The template’s profile</option>
            {PERMISSION_PROFILES.map(({ profile: value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <p className="profile-preview" data-testid="profile-preview" aria-live="polite">
            {profile === '' ? 'Uses the profile the template asks for, or your default in Settings.' : describePermissionProfile(profile)}
          </p>
        </>
      )}
    </Field>
  );
}

/** The verification gate: commands, one a line, that must pass before the agent's `complete` ends the run. */
function VerifyField({ value, error, onChange }: Readonly<{ value: string; error: string | undefined; onChange(verify: string): void }>) {
  return (
    <Field
      id="run-verify"
      label="Verify commands"
      help="One command a line, run in the working folder like the agent’s bash. The run completes only when every one exits 0; a failure goes back to the agent, and 3 in a row end the run. Empty: the template’s."
      error={error}
    >
      {(control) => (
        <textarea {...control} rows={2} value={value} placeholder="e.g. npm test" spellCheck={false} onChange={(event) => onChange(event.target.value)} />
      )}
    </Field>
  );
}

/** "Choose…" beside the folder field: the native folder dialog, in the Electron window only (a browser types the path). */
function FolderPickerButton({ current, onPicked }: Readonly<{ current: string; onPicked(folder: string): void }>) {
  const pickFolder = window.autoloop?.pickFolder;
  if (!pickFolder) return null;
  const choose = (): void => {
    void pickFolder(current).then((folder) => folder && onPicked(folder));
  };
  return (
    <button type="button" className="folder-picker" onClick={choose}>
      Choose folder…
    </button>
  );
}

/** The run settings below the params: name, folder, model, limits, interval, permissions and verify commands. */
export function RunSettingsFields({ draft, errors, demoModel, providers, onChange }: RunSettingsFieldsProps) {
  const text = (key: TextSetting, label: string, options: TextOptions = {}) => (
    <Field id={`run-${key}`} label={label} help={options.help} error={errors[key]}>
      {(control) => (
        <input
          {...control}
          type="text"
          value={draft[key]}
          placeholder={options.placeholder}
          inputMode={options.inputMode}
          onChange={(event) => onChange({ [key]: event.target.value })}
        />
      )}
    </Field>
  );
  return (
    <>
      <fieldset className="run-settings">
        <legend>Run</legend>
        {text('name', 'Name', { help: 'Shown in the run list. Defaults to the template name.' })}
        {text('workdir', 'Working folder', {
          placeholder: 'Empty: a fresh folder is made for this run',
          help: 'The folder the agent works in; its file tools are confined to it.',
        })}
        <FolderPickerButton current={draft.workdir} onPicked={(workdir) => onChange({ workdir })} />
        <ModelPicker model={draft.model} demoModel={demoModel} providers={providers} error={errors.model} onChange={(model) => onChange({ model })} />
        {text('interval', 'Interval', { placeholder: 'e.g. 2s', help: 'Wait between iterations, such as 500ms, 2s or 1m.' })}
        <ProfileField profile={draft.profile} onChange={(profile) => onChange({ profile })} />
        <VerifyField value={draft.verify} error={errors.verify} onChange={(verify) => onChange({ verify })} />
      </fieldset>
      <fieldset className="run-limits">
        <legend>Limits</legend>
        <p className="field-help">Empty fields use the template’s limits, or none. The run pauses when it reaches a token or cost limit.</p>
        <div className="limit-fields">
          {text('maxIterations', 'Max iterations', { placeholder: 'No limit', inputMode: 'numeric' })}
          {text('maxTokens', 'Max tokens', { placeholder: 'No limit', inputMode: 'numeric' })}
          {text('maxCostUsd', 'Max cost (USD)', { placeholder: 'No limit', inputMode: 'decimal' })}
          {text('maxDuration', 'Max duration', { placeholder: 'e.g. 2h', help: 'Such as 30m, 2h or 1h30m; a bare number is minutes.' })}
        </div>
      </fieldset>
    </>
  );
}
