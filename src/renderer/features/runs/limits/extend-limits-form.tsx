import { type FormEvent, useState } from 'react';
import { formatDuration } from '../../../../shared/duration';
import { messageOf } from '../../../../shared/errors';
import { activeLimit, type Run } from '../../../../shared/records';
import { useApiClient } from '../../../api/api-context';
import { Field } from '../../../ui/field';
import { formatCost, formatTokens } from '../../../ui/format';
import { checkLimitsDraft, extendDraft, type LimitsDraft, type LimitsErrors, type LimitsField, suggestRaisedLimits } from './limits-draft';
import { receiveRunFetched, runsStore } from '../runs-store';

const FIELDS: ReadonlyArray<Readonly<{ field: LimitsField; label: string }>> = [
  { field: 'maxTokens', label: 'Max tokens' },
  { field: 'maxCostUsd', label: 'Max cost (USD)' },
  { field: 'maxIterations', label: 'Max iterations' },
  { field: 'maxDurationMinutes', label: 'Max duration (minutes)' },
];

const orNone = (value: number | undefined, format: (limit: number) => string): string => {
  const limit = activeLimit(value);
  return limit === null ? 'no limit' : format(limit);
};

/** The run's limits next to what it used, so a person sees which one stopped it. */
function CurrentLimits({ run }: Readonly<{ run: Run }>) {
  const { limits } = run;
  return (
    <dl className="facts" data-testid="current-limits">
      <div>
        <dt>Tokens</dt>
        <dd>
          {formatTokens(run.inputTokens + run.outputTokens)} of {orNone(limits.maxTokens, formatTokens)}
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>
          {formatCost(run.costUsd)} of {orNone(limits.maxCostUsd, formatCost)}
        </dd>
      </div>
      <div>
        <dt>Iterations</dt>
        <dd>
          {run.iterations} of {orNone(limits.maxIterations, String)}
        </dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{orNone(limits.maxDurationMs, formatDuration)}</dd>
      </div>
    </dl>
  );
}

/**
 * For a run paused by its budget: its limits next to what it used, and a form to raise them and
 * resume it in one step (`runs.resume {id, limits}`); `onResumed` hears that the engine took it.
 */
export function ExtendLimitsFields({ run, onResumed }: Readonly<{ run: Run; onResumed?(): void }>) {
  const api = useApiClient();
  const [draft, setDraft] = useState<LimitsDraft>(() => extendDraft(run));
  const [suggestions] = useState(() => suggestRaisedLimits(run));
  const [errors, setErrors] = useState<LimitsErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (isSubmitting) return;
    const checked = checkLimitsDraft(draft, run.limits);
    if (!checked.ok) {
      setErrors(checked.errors);
      setSubmitError('Some limits need attention.');
      return;
    }
    setErrors({});
    setSubmitError(null);
    setSubmitting(true);
    const askedAt = runsStore.getState().pushCount;
    try {
      receiveRunFetched(await api.call('runs.resume', { id: run.id, limits: checked.limits }), askedAt);
      onResumed?.();
    } catch (failure) {
      setSubmitError(`Could not resume the run: ${messageOf(failure)}`);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <CurrentLimits run={run} />
      <form className="form extend-form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="limit-fields">
          {FIELDS.map(({ field, label }) => (
            <Field
              key={field}
              id={`extend-${field}`}
              label={label}
              error={errors[field]}
              help={suggestions.find((suggestion) => suggestion.field === field)?.note}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  inputMode="decimal"
                  placeholder="No limit"
                  value={draft[field]}
                  onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
        <p className="field-help">An empty field keeps the run’s current limit; 0 removes the limit.</p>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={isSubmitting}>
            Extend and resume
          </button>
        </div>
        {submitError && (
          <p role="alert" className="alert">
            {submitError}
          </p>
        )}
      </form>
    </>
  );
}

/** The run page's panel for a run paused by its budget. */
export function ExtendLimitsForm({ run }: Readonly<{ run: Run }>) {
  return (
    <section className="panel extend-panel" aria-labelledby="extend-heading">
      <h2 id="extend-heading">Extend and resume</h2>
      <ExtendLimitsFields run={run} />
    </section>
  );
}
