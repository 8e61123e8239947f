import { type FormEvent, useEffect, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import type { TemplateSummary } from '../../../../shared/templates';
import { ApiCallError } from '../../../api/api-call-error';
import { useApiClient } from '../../../api/api-context';
import { navigate } from '../../../app/use-route';
import { Field } from '../../../ui/field';
import { useTemplatesStore } from '../../templates/templates-store';
import { useTemplatesLoader } from '../../templates/use-templates-loader';
import { useSettingsStore } from '../../settings/settings-store';
import { checkDraft, type DraftErrors, draftForTemplate, fieldErrorsFromApiError, type NewRunDraft } from './new-run-draft';
import { ParamsFields } from './params-fields';
import { RunSettingsFields } from './run-settings-fields';
import { receiveRunFetched, runsStore } from '../runs-store';

/** Starts a run: pick a template, fill its params, adjust the run settings, submit. */
export function NewRunForm() {
  const api = useApiClient();
  const loadError = useTemplatesLoader();
  const names = useTemplatesStore((state) => state.names);
  const byName = useTemplatesStore((state) => state.byName);
  const isLoaded = useTemplatesStore((state) => state.loaded);
  const providers = useSettingsStore((state) => state.providers);
  const [draft, setDraft] = useState<NewRunDraft | null>(null);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const template: TemplateSummary | undefined = draft ? byName[draft.template] : undefined;

  useEffect(() => {
    const first = names[0] === undefined ? undefined : byName[names[0]];
    if (first && (draft === null || !(draft.template in byName))) setDraft(draftForTemplate(first, draft ?? undefined));
  }, [names, byName, draft]);

  const chooseTemplate = (name: string): void => {
    const next = byName[name];
    if (!next) return;
    setDraft(draftForTemplate(next, draft ?? undefined));
    setErrors({});
    setSubmitError(null);
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!draft || !template || isSubmitting) return;
    const checked = checkDraft(draft, template);
    if (!checked.ok) {
      setErrors(checked.errors);
      setSubmitError('Some fields need attention.');
      return;
    }
    setErrors({});
    setSubmitError(null);
    setSubmitting(true);
    const askedAt = runsStore.getState().pushCount;
    try {
      const run = await api.call('runs.start', checked.params);
      receiveRunFetched(run, askedAt);
      navigate({ page: 'run', runId: run.id });
    } catch (error) {
      if (error instanceof ApiCallError) setErrors(fieldErrorsFromApiError(error, Object.keys(template.params)));
      setSubmitError(messageOf(error));
      setSubmitting(false);
    }
  };

  return (
    <section className="page" aria-labelledby="new-run-heading">
      <div className="page-header">
        <h1 id="new-run-heading">New run</h1>
      </div>
      {loadError && (
        <p role="alert" className="alert">
          {loadError}
        </p>
      )}
      {!isLoaded && !loadError && <p className="muted">Loading templates…</p>}
      {isLoaded && names.length === 0 && <p>No templates found. Add a Markdown template to the templates folder of your data directory.</p>}
      {draft && template && (
        <form className="form" noValidate onSubmit={(event) => void submit(event)}>
          <Field id="run-template" label="Template" help={template.description || undefined} error={errors.template}>
            {(control) => (
              <select {...control} value={draft.template} onChange={(event) => chooseTemplate(event.target.value)}>
                {names.map((name) => (
                  <option key={name} value={name}>
                    {name}
                    {byName[name]?.source === 'user' ? ' (yours)' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ParamsFields
            params={template.params}
            values={draft.params}
            errors={errors}
            onChange={(name, value) => setDraft({ ...draft, params: { ...draft.params, [name]: value } })}
          />
          <RunSettingsFields
            draft={draft}
            errors={errors}
            demoModel={template.demoModel}
            providers={providers}
            onChange={(patch) => setDraft({ ...draft, ...patch })}
          />
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={isSubmitting}>
              Start run
            </button>
            {isSubmitting && <span className="muted">Starting…</span>}
          </div>
          {submitError && (
            <p role="alert" className="alert">
              {submitError}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
