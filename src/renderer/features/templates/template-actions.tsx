import { type FormEvent, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { TemplateSaved, TemplateSummary } from '../../../shared/templates';
import { useApiClient } from '../../api/api-context';
import { releaseLeaveGuard } from '../../app/leave-guard';
import { navigate } from '../../app/use-route';
import { downloadText } from '../../ui/download-file';
import { Field } from '../../ui/field';
import { receiveRunFetched, runsStore } from '../runs/runs-store';
import { refreshTemplates } from './use-templates-loader';

/** The template shown, its text in the editor, and what happens after a save. */
export type TemplateActionsProps = Readonly<{ summary: TemplateSummary; text: string; isDirty: boolean; onSaved(saved: TemplateSaved, savedText: string): void }>;

type Busy = 'save' | 'duplicate' | 'export' | 'dry run' | 'delete';

/** Save, duplicate, export, dry run and delete, each showing the engine's refusal in words. */
export function TemplateActions({ summary, text, isDirty, onSaved }: TemplateActionsProps) {
  const api = useApiClient();
  const { name } = summary;
  const isUser = summary.source === 'user';
  const [busy, setBusy] = useState<Busy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copyName, setCopyName] = useState<string | null>(null);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);

  const act = async (what: Busy, call: () => Promise<void>): Promise<void> => {
    setBusy(what);
    setError(null);
    try {
      await call();
    } catch (failure) {
      setError(`Could not ${what} the template: ${messageOf(failure)}`);
    } finally {
      setBusy(null);
    }
  };
  const save = (): Promise<void> =>
    act('save', async () => {
      const sent = text;
      onSaved(await api.call('templates.save', { name, text: sent }), sent);
      await refreshTemplates(api);
    });
  const duplicate = (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    return act('duplicate', async () => {
      const saved = await api.call('templates.duplicate', { name, newName: (copyName ?? '').trim() });
      await refreshTemplates(api);
      setCopyName(null);
      navigate({ page: 'template', name: saved.summary.name });
    });
  };
  const exportFile = (): Promise<void> =>
    act('export', async () => {
      const file = await api.call('templates.export', { name });
      downloadText(file.fileName, file.text, 'text/markdown');
    });
  const dryRun = (): Promise<void> =>
    act('dry run', async () => {
      const askedAt = runsStore.getState().pushCount;
      const run = await api.call('templates.dryRun', { name });
      receiveRunFetched(run, askedAt);
      navigate({ page: 'run', runId: run.id });
    });
  const remove = (): Promise<void> =>
    act('delete', async () => {
      await api.call('templates.delete', { name });
      await refreshTemplates(api);
      // The template is gone: its unsaved edits have nothing left to be saved to.
      releaseLeaveGuard();
      navigate({ page: 'templates' });
    });

  const isBusy = busy !== null;
  return (
    <div className="template-actions">
      <div className="run-buttons">
        {isUser && (
          <button type="button" className="button-primary" onClick={() => void save()} disabled={isBusy || !isDirty}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
        )}
        <button type="button" onClick={() => setCopyName(`${name}-copy`)} disabled={isBusy || copyName !== null}>
          {isUser ? 'Duplicate' : 'Duplicate to my templates'}
        </button>
        <button type="button" onClick={() => void exportFile()} disabled={isBusy}>
          Export
        </button>
        <button
          type="button"
          onClick={() => void dryRun()}
          disabled={isBusy || summary.demoModel === null}
          title={summary.demoModel === null ? 'This template has no scripted demo (demo: in its front-matter)' : isDirty ? 'Runs the saved text, not your unsaved changes' : `Runs it with ${summary.demoModel}`}
        >
          Dry run
        </button>
        {isUser &&
          (isConfirmingDelete ? (
            <span className="confirm-inline" role="group" aria-label={`Delete ${name}?`}>
              <button type="button" className="button-danger" onClick={() => void remove()} disabled={isBusy}>
                Yes, delete
              </button>
              <button type="button" onClick={() => setConfirmingDelete(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="button-danger" onClick={() => setConfirmingDelete(true)} disabled={isBusy}>
              Delete
            </button>
          ))}
      </div>
      {copyName !== null && (
        <form className="inline-form" onSubmit={(event) => void duplicate(event)}>
          <Field id="duplicate-name" label="Name of the copy">
            {(control) => <input {...control} type="text" value={copyName} autoFocus onChange={(event) => setCopyName(event.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={isBusy}>
              Create copy
            </button>
            <button type="button" onClick={() => setCopyName(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </div>
  );
}
