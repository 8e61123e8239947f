import type { ApprovalTimeoutAction, PermissionProfile } from '../../../shared/records';
import { Field } from '../../ui/field';
import { TextField } from '../../ui/text-field';
import { describePermissionProfile, PERMISSION_PROFILES } from '../runs/permission-preview';
import type { DefaultsDraft } from './settings-drafts';
import { SettingsSection } from './settings-section';
import type { SettingsPageSave } from './use-settings-page-draft';

const TIMEOUT_ACTIONS: ReadonlyArray<Readonly<{ action: ApprovalTimeoutAction; label: string }>> = [
  { action: 'pause', label: 'Pause the run (default)' },
  { action: 'deny', label: 'Deny the request and go on' },
  { action: 'stop', label: 'Stop the run' },
];

/** Defaults for new runs: limits, permission profile, and how long an approval waits and what happens then. */
export function DefaultsSection({ page }: Readonly<{ page: SettingsPageSave }>) {
  const draft = page.draft.defaults;
  const { errors } = page;
  const change = (patch: Partial<DefaultsDraft>): void => page.change('defaults', patch);
  const text = (key: 'maxIterations' | 'maxTokens' | 'maxCostUsd' | 'maxDuration' | 'approvalTimeout', label: string, placeholder: string) => (
    <TextField
      id={`defaults-${key}`}
      label={label}
      value={draft[key]}
      placeholder={placeholder}
      error={errors[key]}
      onChange={(value) => change({ [key]: value })}
    />
  );

  return (
    <SettingsSection id="settings-defaults" title="Run defaults" description="Used when a template and the new-run form leave them open.">
      <TextField
        id="defaults-model"
        label="Default model"
        value={draft.model}
        placeholder="None: the template or the form names it"
        error={errors.model}
        onChange={(value) => change({ model: value })}
      />
      <div className="limit-fields">
        {text('maxIterations', 'Max iterations', 'No limit')}
        {text('maxTokens', 'Max tokens', 'No limit')}
        {text('maxCostUsd', 'Max cost (USD)', 'No limit')}
        {text('maxDuration', 'Max duration', 'e.g. 2h')}
      </div>
      <Field id="defaults-profile" label="Permission profile" help={describePermissionProfile(draft.profile)}>
        {(control) => (
          <select {...control} value={draft.profile} onChange={(event) => change({ profile: event.target.value as PermissionProfile })}>
            {PERMISSION_PROFILES.map(({ profile, label }) => (
              <option key={profile} value={profile}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="limit-fields">
        {text('approvalTimeout', 'Approval timeout', 'e.g. 15m')}
        <Field id="defaults-onApprovalTimeout" label="When an approval times out">
          {(control) => (
            <select
              {...control}
              value={draft.onApprovalTimeout}
              onChange={(event) => change({ onApprovalTimeout: event.target.value as ApprovalTimeoutAction })}
            >
              {TIMEOUT_ACTIONS.map(({ action, label }) => (
                <option key={action} value={action}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </SettingsSection>
  );
}
