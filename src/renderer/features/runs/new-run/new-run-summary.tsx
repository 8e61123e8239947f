import type { LimitKey } from '../../../../shared/limit-text';
import { AGENT_LABELS } from '../../../../shared/agents';
import {
  type InheritanceSources,
  inheritedAgent,
  inheritedContext,
  inheritedIsolation,
  inheritedLimit,
  inheritedProfile,
  inheritedText,
} from './inherited-settings';
import type { NewRunDraft } from './new-run-draft';

/** The draft, what empty fields inherit, and whether a start is under way. */
export type NewRunSummaryProps = Readonly<{ draft: NewRunDraft; sources: InheritanceSources; isSubmitting: boolean; warning: string | null }>;

const LIMITS: ReadonlyArray<Readonly<{ field: 'maxIterations' | 'maxTokens' | 'maxCostUsd' | 'maxDuration'; key: LimitKey; label: string }>> = [
  { field: 'maxIterations', key: 'maxIterations', label: 'iterations' },
  { field: 'maxTokens', key: 'maxTokens', label: 'tokens' },
  { field: 'maxCostUsd', key: 'maxCostUsd', label: 'cost' },
  { field: 'maxDuration', key: 'maxDurationMs', label: 'duration' },
];

/** Pure: the limits the run will have, typed or inherited, in one line ("iterations 25 (from template), cost $2"). */
export function limitsLine(draft: NewRunDraft, sources: InheritanceSources): string {
  const parts = LIMITS.map(({ field, key, label }) => {
    const typed = draft[field].trim();
    if (typed !== '') return `${label} ${key === 'maxCostUsd' && !typed.startsWith('$') ? `$${typed}` : typed}`;
    const inherited = inheritedLimit(key, sources);
    return inherited.from === null ? null : `${label} ${inheritedText(inherited)}`;
  }).filter((part) => part !== null);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/**
 * What the run will be, in one place that stays in view (sticky at the bottom of the form), with the Start button:
 * template, model, folder, isolation, context, permissions and limits, inherited values said as such.
 */
export function NewRunSummary({ draft, sources, isSubmitting, warning }: NewRunSummaryProps) {
  const profile = inheritedProfile(sources);
  const rows: ReadonlyArray<readonly [string, string]> = [
    ['Template', draft.template],
    ['Model', draft.model.trim() || 'the template’s, else your default'],
    ['Folder', draft.workdir.trim() || 'a fresh folder'],
    ['Isolation', draft.isolation || inheritedText(inheritedIsolation(sources.template))],
    ['Context', draft.context || inheritedText(inheritedContext(sources.template))],
    ['Agent', draft.agent ? AGENT_LABELS[draft.agent] : inheritedText(inheritedAgent(sources.template))],
    ['Permissions', draft.profile || inheritedText({ value: profile.profile, from: profile.from })],
    ['Limits', limitsLine(draft, sources)],
  ];
  return (
    <div className="new-run-summary" role="region" aria-label="Summary of the run" data-testid="new-run-summary">
      <dl className="summary-facts">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {warning && (
        <p className="alert alert-warning" data-testid="new-run-warning">
          {warning}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={isSubmitting}>
          Start run
        </button>
        {isSubmitting && <span className="muted">Starting…</span>}
      </div>
    </div>
  );
}
