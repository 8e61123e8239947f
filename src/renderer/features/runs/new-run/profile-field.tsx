import type { PermissionProfile } from '../../../../shared/records';
import { Field } from '../../../ui/field';
import { ALWAYS_ON_GUARDS, describePermissionProfile, PERMISSION_PROFILES } from '../permission-preview';
import { type Inherited, inheritedText } from './inherited-settings';

/** The profile the form chose ('' leaves it to the template or your defaults) and the one the run would inherit. */
export type ProfileFieldProps = Readonly<{
  profile: PermissionProfile | '';
  inherited: Readonly<{ profile: PermissionProfile; from: Inherited['from'] }>;
  error: string | undefined;
  onChange(profile: PermissionProfile | ''): void;
}>;

/** The profile select, in plain words what the run may do without asking, and a warning when it would be Trusted. */
export function ProfileField({ profile, inherited, error, onChange }: ProfileFieldProps) {
  const effective = profile === '' ? inherited.profile : profile;
  return (
    <Field id="run-profile" label="Permissions" help={ALWAYS_ON_GUARDS} error={error}>
      {(control) => (
        <>
          <select {...control} value={profile} onChange={(event) => onChange(event.target.value as PermissionProfile | '')}>
            <option value="">{inheritedText({ value: inherited.profile, from: inherited.from })}</option>
            {PERMISSION_PROFILES.map(({ profile: value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <p className="profile-preview" data-testid="profile-preview" aria-live="polite">
            {describePermissionProfile(effective)}
          </p>
          {effective === 'trusted' && (
            <p className="alert alert-warning" data-testid="trusted-warning">
              Trusted asks nothing: every command, file change and network call goes ahead, outside the sandbox, with your own access to this computer. Use it
              only for a folder and a task you would hand over unwatched.
            </p>
          )}
        </>
      )}
    </Field>
  );
}
