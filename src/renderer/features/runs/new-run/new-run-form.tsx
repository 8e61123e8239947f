import { type FormEvent, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import { SCRIPTED_PROVIDER } from '../../../../shared/providers';
import { ApiCallError } from '../../../api/api-call-error';
import { useApiClient } from '../../../api/api-context';
import { navigate } from '../../../app/use-route';
import { Field } from '../../../ui/field';
import { hasUsableProvider, useSettingsStore } from '../../settings/settings-store';
import { useTemplatesStore } from '../../templates/templates-store';
import { useTemplatesLoader } from '../../templates/use-templates-loader';
import { receiveRunFetched, runsStore } from '../runs-store';
import type { InheritanceSources } from './inherited-settings';
import { rememberLastUsed } from './new-run-defaults';
import { checkDraft, type DraftErrors, fieldErrorsFromApiError } from './new-run-draft';
import { NewRunSummary } from './new-run-summary';
import { ParamsFields } from './params-fields';
import { RunSettingsFields } from './run-settings-fields';
import { type DraftOrigin, useNewRunDraft } from './use-new-run-draft';

/** Moves focus to the first field marked invalid, in the order the form shows them. */
function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * Starts a run: pick a template, fill its params, adjust the run settings, submit. Opens on `origin.template` (a card's
 * Run button), a run to start again (`origin.againRunId`), or the last-used template, model and folder.
 */
export function NewRunForm({ origin = { template: null, againRunId: null } }: Readonly<{ origin?: DraftOrigin }>) {
  const api = useApiClient();
  const loadError = useTemplatesLoader();
  const names = useTemplatesStore((state) => state.names);
  const byName = useTemplatesStore((state) => state.byName);
  const isLoaded = useTemplatesStore((state) => state.loaded);
  const providers = useSettingsStore((state) => state.providers);
  const runDefaults = useSettingsStore((state) => state.settings?.runDefaults ?? null);
  const { draft, template, originError, chooseTemplate, change } = useNewRunDraft(origin);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  // After each refused submit (by the form's checks or the engine), the first field to fix gets the focus.
  useEffect(() => {
    if (refusals > 0) focusFirstInvalid(form.current);
  }, [refusals]);

  const sources: InheritanceSources = { template: template?.runSettings ?? null, defaults: runDefaults };
  const isScripted = draft?.model.trim().startsWith(`${SCRIPTED_PROVIDER}/`) ?? false;
  const warning =
    draft && !isScripted && providers !== null && !hasUsableProvider(providers)
      ? 'No provider has a key yet, so this model cannot answer. Add a key in Settings → Providers, or pick the scripted demo.'
      : null;

  const refuse = (next: DraftErrors, message: string): void => {
    setErrors(next);
    setSubmitError(message);
    setRefusals((count) => count + 1);
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!draft || !template || isSubmitting) return;
    const checked = checkDraft(draft, template);
    if (!checked.ok) return refuse(checked.errors, 'Some fields need attention.');
    setErrors({});
    setSubmitError(null);
    setSubmitting(true);
    const askedAt = runsStore.getState().pushCount;
    try {
      const run = await api.call('runs.start', checked.params);
      rememberLastUsed({ template: draft.template, model: draft.model.trim(), workdir: draft.workdir.trim() });
      receiveRunFetched(run, askedAt);
      navigate({ page: 'run', runId: run.id });
    } catch (error) {
      setSubmitting(false);
      refuse(error instanceof ApiCallError ? fieldErrorsFromApiError(error, Object.keys(template.params)) : {}, messageOf(error));
    }
  };

  return (
    <section className="page" aria-labelledby="new-run-heading">
      <div className="page-header">
        <h1 id="new-run-heading">{origin.againRunId === null ? 'New run' : 'Run again'}</h1>
      </div>
      {(loadError ?? originError) && (
        <p role="alert" className="alert">
          {loadError ?? originError}
        </p>
      )}
      {!isLoaded && !loadError && <p className="muted">Loading templates…</p>}
      {isLoaded && names.length === 0 && <p>No templates found. Add a Markdown template to the templates folder of your data directory.</p>}
      {draft && template && (
        <form className="form new-run-form" noValidate onSubmit={(event) => void submit(event)} ref={form}>
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
            onChange={(name, value) => change({ params: { ...draft.params, [name]: value } })}
          />
          <RunSettingsFields draft={draft} errors={errors} demoModel={template.demoModel} providers={providers} sources={sources} onChange={change} />
          {submitError && (
            <p role="alert" className="alert">
              {submitError}
            </p>
          )}
          <NewRunSummary draft={draft} sources={sources} isSubmitting={isSubmitting} warning={warning} />
        </form>
      )}
    </section>
  );
}
