import { type FormEvent, type ReactNode, useState } from 'react';
import { z } from 'zod';
import { ConfirmImport } from '../../../shared/api';
import { ApiCallError } from '../../../shared/api-call-error';
import { messageOf } from '../../../shared/errors';
import type { PermissionProfile, Run } from '../../../shared/records';
import { useApiClient } from '../../api/api-context';
import { Field } from '../../ui/field';
import { ModalDialog } from '../../ui/modal-dialog';
import { describePermissionProfile, PERMISSION_PROFILES } from './permission-preview';
import { receiveRunFetched, runsStore } from './runs-store';

const ImportToConfirm = z.object({ field: z.literal('confirmImport'), current: ConfirmImport });

/** The settings an imported run would resume with, when the engine refused to resume it unconfirmed; else null. */
export function importToConfirm(failure: unknown): ConfirmImport | null {
  if (!(failure instanceof ApiCallError) || failure.code !== 'conflict') return null;
  return ImportToConfirm.safeParse(failure.details).data?.current ?? null;
}

type DialogProps = Readonly<{ run: Run; current: ConfirmImport; onClose(): void }>;

/**
 * What an imported run may do here, chosen by the person before it resumes: nothing the bundle said is
 * trusted, so the fields start from this engine's defaults (the engine's own refusal names them).
 */
function ConfirmImportDialog({ run, current, onClose }: DialogProps) {
  const api = useApiClient();
  const [profile, setProfile] = useState<PermissionProfile>(current.profile);
  const [workdir, setWorkdir] = useState(current.workdir);
  const [model, setModel] = useState(current.model);
  const [isSubmitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      const askedAt = runsStore.getState().pushCount;
      const confirmImport = { profile, rules: current.rules, workdir: workdir.trim(), model: model.trim() };
      receiveRunFetched(await api.call('runs.resume', { id: run.id, confirmImport }), askedAt);
      onClose();
    } catch (failure) {
      setError(`Could not resume the run: ${messageOf(failure)}`);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <ModalDialog isOpen title={`Confirm the imported run “${run.name}”`} onClose={onClose} testId={`confirm-import-${run.id}`}>
      <form className="form confirm-import-form" noValidate onSubmit={(event) => void submit(event)}>
        <p>
          This run came from a bundle. Before it runs anything here, choose what it may do: nothing the bundle asked for is used.{' '}
          {current.rules.length === 0 ? 'It has no permission rules of its own.' : `It keeps ${current.rules.length} permission rules.`}
        </p>
        <Field id="confirm-import-profile" label="Permissions" help={describePermissionProfile(profile)}>
          {(control) => (
            <select {...control} value={profile} onChange={(event) => setProfile(event.target.value as PermissionProfile)}>
              {PERMISSION_PROFILES.map(({ profile: value, label }) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="confirm-import-workdir" label="Working folder" help="A fresh folder in your workspaces unless you name another." isRequired>
          {(control) => <input {...control} type="text" value={workdir} onChange={(event) => setWorkdir(event.target.value)} />}
        </Field>
        <Field id="confirm-import-model" label="Model" help="provider/model, from your own providers." isRequired>
          {(control) => <input {...control} type="text" value={model} onChange={(event) => setModel(event.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={isSubmitting || workdir.trim() === '' || model.trim() === ''}>
            Confirm and resume
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        {error && (
          <p role="alert" className="alert">
            {error}
          </p>
        )}
      </form>
    </ModalDialog>
  );
}

/**
 * Resume for the run page and the run list: resumes the run, or, when it is an imported run the person has not
 * confirmed yet, opens the dialog that confirms it (`dialog` must be rendered). Other refusals are thrown.
 */
export function useResumeRun(run: Run): Readonly<{ resume(): Promise<void>; dialog: ReactNode }> {
  const api = useApiClient();
  const [toConfirm, setToConfirm] = useState<ConfirmImport | null>(null);
  const resume = async (): Promise<void> => {
    const askedAt = runsStore.getState().pushCount;
    try {
      receiveRunFetched(await api.call('runs.resume', { id: run.id }), askedAt);
    } catch (failure) {
      const current = importToConfirm(failure);
      if (current === null) throw failure;
      setToConfirm(current);
    }
  };
  const dialog = toConfirm && <ConfirmImportDialog run={run} current={toConfirm} onClose={() => setToConfirm(null)} />;
  return { resume, dialog };
}
