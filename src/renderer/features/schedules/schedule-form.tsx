import { type FormEvent, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { describeApprovalTimeout } from '../../../shared/run-words';
import { CatchUp, Overlap, type ScheduleDetail } from '../../../shared/schedules';
import { describeCron } from '../../../shared/schedule-words';
import { ApiCallError } from '../../api/api-call-error';
import { useApiClient } from '../../api/api-context';
import { hrefFor } from '../../app/routes';
import { navigate } from '../../app/use-route';
import { Field } from '../../ui/field';
import { useSettingsStore } from '../settings/settings-store';
import type { InheritanceSources } from '../runs/new-run/inherited-settings';
import { checkDraft, type DraftErrors, draftForTemplate, fieldErrorsFromApiError } from '../runs/new-run/new-run-draft';
import { ParamsFields } from '../runs/new-run/params-fields';
import { RunSettingsFields } from '../runs/new-run/run-settings-fields';
import { useNewRunDraft } from '../runs/new-run/use-new-run-draft';
import { useTemplatesStore } from '../templates/templates-store';
import { useTemplatesLoader } from '../templates/use-templates-loader';
import {
  caretLine,
  checkScheduleDraft,
  NEW_SCHEDULE_DRAFT,
  runDraftPatchFrom,
  type ScheduleDraft,
  scheduleDraftFrom,
  scheduleFieldError,
} from './schedule-draft';
import { receiveScheduleDetail } from './schedules-store';
import { SLOTS_SHOWN } from './use-schedules-loader';

const CATCH_UP_WORDS: Readonly<Record<CatchUp, string>> = {
  latest: 'Start the latest missed slot once (default)',
  none: 'Run nothing; record missed slots',
  all: 'Start every missed slot (at most 10)',
};
const OVERLAP_WORDS: Readonly<Record<Overlap, string>> = {
  skip: 'Skip the slot (default)',
  queue: 'Start it when the previous run ends (one waits)',
  replace: 'Stop the previous run (replaced) and start',
};

/** The cron field: the expression, what it means in words, and where an engine refusal points (a caret under the column). */
function CronField({
  value,
  error,
  position,
  onChange,
}: Readonly<{ value: string; error?: string | undefined; position: number | null; onChange(cron: string): void }>) {
  const words = describeCron(value);
  return (
    <Field
      id="schedule-cron"
      label="Cron expression"
      help="Five fields (minute hour day month weekday), or six with seconds first. For example 0 3 * * * is every day at 03:00."
      error={error}
      isRequired
    >
      {(control) => (
        <>
          <input
            {...control}
            type="text"
            className="mono"
            value={value}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => onChange(event.target.value)}
          />
          {error && position !== null && (
            <pre className="cron-caret" data-testid="cron-caret" aria-hidden="true">
              {value}
              {'\n'}
              {caretLine(position)}
            </pre>
          )}
          {!error && words && (
            <p className="field-help" data-testid="cron-words">
              Runs {words}.
            </p>
          )}
        </>
      )}
    </Field>
  );
}

/** When it runs and what it does unattended: cron, time zone, catch-up, overlap, daily budget, approval timeout and its outcome. */
function ScheduleFields({
  draft,
  errors,
  cronPosition,
  onChange,
}: Readonly<{ draft: ScheduleDraft; errors: DraftErrors; cronPosition: number | null; onChange(patch: Partial<ScheduleDraft>): void }>) {
  return (
    <fieldset className="schedule-fields">
      <legend>Schedule</legend>
      <CronField value={draft.cron} error={errors.cron} position={cronPosition} onChange={(cron) => onChange({ cron })} />
      <Field id="schedule-timezone" label="Time zone" help="An IANA name such as Europe/Berlin or UTC. Empty: this computer’s." error={errors.timezone}>
        {(control) => (
          <input
            {...control}
            type="text"
            value={draft.timezone}
            placeholder={Intl.DateTimeFormat().resolvedOptions().timeZone}
            onChange={(event) => onChange({ timezone: event.target.value })}
          />
        )}
      </Field>
      <Field id="schedule-catch-up" label="After downtime or sleep" help="What happens to slots that came due while Autoloop was not running.">
        {(control) => (
          <select {...control} value={draft.catchUp} onChange={(event) => onChange({ catchUp: CatchUp.parse(event.target.value) })}>
            {CatchUp.options.map((option) => (
              <option key={option} value={option}>
                {CATCH_UP_WORDS[option]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="schedule-overlap" label="When the previous run is still active">
        {(control) => (
          <select {...control} value={draft.overlap} onChange={(event) => onChange({ overlap: Overlap.parse(event.target.value) })}>
            {Overlap.options.map((option) => (
              <option key={option} value={option}>
                {OVERLAP_WORDS[option]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="schedule-budget"
        label="Budget per day (USD)"
        help="Over the last 24 hours of this schedule’s runs; a slot over it is blocked instead of started. Empty: none."
        error={errors.maxCostUsdPerDay}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="decimal"
            value={draft.maxCostUsdPerDay}
            onChange={(event) => onChange({ maxCostUsdPerDay: event.target.value })}
          />
        )}
      </Field>
      <Field
        id="schedule-on-approval-timeout"
        label="When an approval times out"
        help="Nobody may be there to answer a scheduled run. Needed whenever its runs could ask (the Ask and Workspace write profiles, or a rule that asks)."
        error={errors.onApprovalTimeout}
      >
        {(control) => (
          <select
            {...control}
            value={draft.onApprovalTimeout}
            onChange={(event) => onChange({ onApprovalTimeout: event.target.value as ScheduleDraft['onApprovalTimeout'] })}
          >
            <option value="">Not chosen (only for runs that never ask)</option>
            {(['deny', 'pause', 'stop'] as const).map((action) => (
              <option key={action} value={action}>
                {describeApprovalTimeout(action)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="schedule-approval-timeout" label="Approval timeout" help="Such as 10m or 1h. Empty: your default in Settings." error={errors.approvalTimeout}>
        {(control) => <input {...control} type="text" value={draft.approvalTimeout} onChange={(event) => onChange({ approvalTimeout: event.target.value })} />}
      </Field>
      <Field
        id="schedule-base"
        label="Worktree base"
        help="The branch, tag or commit each run’s worktree starts from. Empty: the folder’s current commit."
        error={errors.base}
      >
        {(control) => <input {...control} type="text" value={draft.base} placeholder="main" onChange={(event) => onChange({ base: event.target.value })} />}
      </Field>
      <Field
        id="schedule-with-uncommitted"
        label="Include uncommitted changes"
        help="Each run’s worktree gets the folder’s uncommitted changes too, as they are when the run starts."
        error={errors.withUncommitted}
      >
        {(control) => (
          <input {...control} type="checkbox" checked={draft.withUncommitted} onChange={(event) => onChange({ withUncommitted: event.target.checked })} />
        )}
      </Field>
    </fieldset>
  );
}

/** Loads the schedule to edit (null for a new one). */
function useScheduleToEdit(id: string | null): Readonly<{ detail: ScheduleDetail | null; error: string | null }> {
  const api = useApiClient();
  const [state, setState] = useState<Readonly<{ detail: ScheduleDetail | null; error: string | null }>>({ detail: null, error: null });
  useEffect(() => {
    if (id === null) return;
    let isCurrent = true;
    api.call('schedules.get', { id, slots: 0 }).then(
      (detail) => isCurrent && setState({ detail, error: null }),
      (failure: unknown) => isCurrent && setState({ detail: null, error: `Could not load the schedule: ${messageOf(failure)}` }),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, id]);
  return state;
}

/**
 * Creates or edits a schedule with the new-run form's own fields (template, params, model, folder, permissions, isolation, limits)
 * and the schedule's: cron, time zone, catch-up, overlap, budget and the unattended approval outcome. The engine's refusals (a bad
 * cron with its column, a bad time zone, runs that could ask with no outcome chosen) are shown at their field.
 */
export function ScheduleForm({ id }: Readonly<{ id: string | null }>) {
  const api = useApiClient();
  const loadError = useTemplatesLoader();
  const names = useTemplatesStore((state) => state.names);
  const byName = useTemplatesStore((state) => state.byName);
  const providers = useSettingsStore((state) => state.providers);
  const runDefaults = useSettingsStore((state) => state.settings?.runDefaults ?? null);
  const { draft, template, chooseTemplate, change } = useNewRunDraft({ template: null, againRunId: null });
  const editing = useScheduleToEdit(id);
  const [schedule, setSchedule] = useState<ScheduleDraft>(NEW_SCHEDULE_DRAFT);
  const [isFilled, setFilled] = useState(id === null);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [cronPosition, setCronPosition] = useState<number | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (refusals > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);

  // Editing: once the schedule and its template are there, the form shows what the schedule pins.
  const edited = editing.detail?.schedule ?? null;
  useEffect(() => {
    if (isFilled || !edited || !draft) return;
    const its = byName[edited.template];
    if (!its) return;
    if (draft.template !== edited.template) chooseTemplate(edited.template);
    change(runDraftPatchFrom(edited, draftForTemplate(its)));
    setSchedule(scheduleDraftFrom(edited));
    setFilled(true);
  }, [isFilled, edited, draft, byName, chooseTemplate, change]);

  const sources: InheritanceSources = { template: template?.runSettings ?? null, defaults: runDefaults };
  const refuse = (next: DraftErrors, message: string, position: number | null = null): void => {
    setErrors(next);
    setCronPosition(position);
    setSubmitError(message);
    setRefusals((count) => count + 1);
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!draft || !template || isSubmitting) return;
    const run = checkDraft(draft, template);
    const checked = run.ok ? checkScheduleDraft(run.params, schedule) : null;
    if (!run.ok || !checked?.ok)
      return refuse({ ...(run.ok ? {} : run.errors), ...(checked && !checked.ok ? checked.errors : {}) }, 'Some fields need attention.');
    setErrors({});
    setSubmitError(null);
    setSubmitting(true);
    try {
      // An edit sends the template and name too (either may change); `enabled` stays as the schedule's pause/resume left it.
      const { enabled: _enabled, ...changes } = checked.params;
      const saved = edited ? await api.call('schedules.update', { id: edited.id, ...changes }) : await api.call('schedules.create', checked.params);
      receiveScheduleDetail(await api.call('schedules.get', { id: saved.id, slots: SLOTS_SHOWN }));
      navigate({ page: 'schedule', id: saved.id });
    } catch (error) {
      setSubmitting(false);
      if (!(error instanceof ApiCallError)) return refuse({}, messageOf(error));
      const scheduleField = scheduleFieldError(error);
      if (scheduleField) return refuse({ [scheduleField.field]: scheduleField.message }, scheduleField.message, scheduleField.position);
      refuse(fieldErrorsFromApiError(error, Object.keys(template.params)), messageOf(error));
    }
  };

  /** A field the person changes drops its error (and the cron its caret): what they typed is not the refused text any more. */
  const changeSchedule = (patch: Partial<ScheduleDraft>): void => {
    setSchedule((current) => ({ ...current, ...patch }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !(field in patch))));
    if ('cron' in patch) setCronPosition(null);
  };

  const isEditing = id !== null;
  // A new schedule is named after its template; an edited one keeps the name it has when its template changes.
  const switchTemplate = (name: string): void => {
    const kept = draft?.name;
    chooseTemplate(name);
    if (isEditing && kept !== undefined) change({ name: kept });
  };
  return (
    <section className="page" aria-labelledby="schedule-form-heading">
      <p>
        <a href={hrefFor({ page: 'schedules' })}>Schedules</a>
      </p>
      <div className="page-header">
        <h1 id="schedule-form-heading">{isEditing ? `Edit ${edited?.name ?? 'schedule'}` : 'New schedule'}</h1>
      </div>
      {(loadError ?? editing.error) && (
        <p role="alert" className="alert">
          {loadError ?? editing.error}
        </p>
      )}
      {(!draft || !template || !isFilled) && !loadError && !editing.error && <p className="muted">Loading…</p>}
      {draft && template && isFilled && (
        <form className="form new-run-form schedule-form" noValidate onSubmit={(event) => void submit(event)} ref={form}>
          <Field id="run-template" label="Template" help={template.description || undefined} error={errors.template}>
            {(control) => (
              <select {...control} value={draft.template} onChange={(event) => switchTemplate(event.target.value)}>
                {names.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ScheduleFields draft={schedule} errors={errors} cronPosition={cronPosition} onChange={changeSchedule} />
          <ParamsFields
            params={template.params}
            values={draft.params}
            errors={errors}
            onChange={(name, value) => change({ params: { ...draft.params, [name]: value } })}
          />
          <RunSettingsFields
            draft={draft}
            errors={errors}
            demoModel={template.demoModel}
            providers={providers}
            sources={sources}
            onChange={change}
            nameHelp="The schedule’s name; each run it starts is named “name @ time”. Defaults to the template name."
          />
          {submitError && (
            <p role="alert" className="alert">
              {submitError}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={isSubmitting}>
              {isEditing ? 'Save schedule' : 'Create schedule'}
            </button>
            <a className="button-link" href={isEditing && edited ? hrefFor({ page: 'schedule', id: edited.id }) : hrefFor({ page: 'schedules' })}>
              Cancel
            </a>
          </div>
        </form>
      )}
    </section>
  );
}
