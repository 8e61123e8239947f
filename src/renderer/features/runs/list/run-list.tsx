import { useMemo, useState } from 'react';
import { describeRunStatus, type Run } from '../../../../shared/records';
import { isFailedRun } from '../../../../shared/run-outcome';
import { hrefFor } from '../../../app/routes';
import { SEARCH_SHORTCUT_ATTRIBUTE } from '../../../app/use-global-shortcuts';
import { navigate } from '../../../app/use-route';
import { formatCost, formatShortTime, formatTime, formatTokens } from '../../../ui/format';
import { StatusChip } from '../../../ui/status-chip';
import { hasUsableProvider, useSettingsStore } from '../../settings/settings-store';
import { FirstRunGuide } from './first-run-guide';
import { ImportRunButton } from './import-run-button';
import { countRunsByFilter, filterRuns, RUN_FILTERS, type RunFilter } from './run-filters';
import { describeRunReason } from '../run-reason';
import { RunRowActions } from './run-row-actions';
import { useRunsStore } from '../runs-store';

function RunRow({ run, onError }: Readonly<{ run: Run; onError(message: string | null): void }>) {
  const reason = describeRunReason(run);
  const started = run.startedAt ?? run.createdAt;
  return (
    <tr data-testid={`run-row-${run.id}`}>
      <td className="cell-name">
        <a href={hrefFor({ page: 'run', runId: run.id })}>{run.name}</a>
        <div className="muted mono cell-id">{run.id}</div>
      </td>
      <td className="cell-nowrap">{run.template}</td>
      <td className="cell-status">
        <StatusChip status={run.status} label={describeRunStatus(run.status)} testId={`run-status-${run.id}`} isFailed={isFailedRun(run)} />
        {reason && (
          <div className="cell-reason" data-testid={`run-reason-${run.id}`} title={run.detail ?? undefined}>
            {reason}
          </div>
        )}
      </td>
      <td className="cell-number">{run.iterations}</td>
      <td className="cell-number" title={`${formatTokens(run.inputTokens)} in, ${formatTokens(run.outputTokens)} out`}>
        {formatTokens(run.inputTokens + run.outputTokens)}
      </td>
      <td className="cell-number">{formatCost(run.costUsd)}</td>
      <td className="cell-time" title={formatTime(started)}>
        {formatShortTime(started)}
      </td>
      <td>
        <RunRowActions run={run} onError={onError} />
      </td>
    </tr>
  );
}

function RunFilters({
  filter,
  counts,
  onChange,
}: Readonly<{ filter: RunFilter; counts: Readonly<Record<RunFilter, number>>; onChange(filter: RunFilter): void }>) {
  return (
    <div className="filter-buttons" role="group" aria-label="Show runs">
      {RUN_FILTERS.map(({ filter: value, label }) => (
        <button key={value} type="button" className="button-small" aria-pressed={filter === value} onClick={() => onChange(value)}>
          {label} <span className="filter-count">{counts[value]}</span>
        </button>
      ))}
    </div>
  );
}

const HEADINGS = ['Name', 'Template', 'Status', 'Iterations', 'Tokens', 'Cost', 'Started', 'Actions'] as const;
const NUMERIC = new Set<string>(['Iterations', 'Tokens', 'Cost']);

/** Every run, newest first, filtered and searched: its status in words with why it stopped or paused beneath, and its actions. */
export function RunList({ loadError }: Readonly<{ loadError: string | null }>) {
  const byId = useRunsStore((state) => state.byId);
  const order = useRunsStore((state) => state.order);
  const isLoaded = useRunsStore((state) => state.loaded);
  const providers = useSettingsStore((state) => state.providers);
  const [filter, setFilter] = useState<RunFilter>('all');
  const [query, setQuery] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const runs = useMemo(() => order.flatMap((id) => byId[id] ?? []), [byId, order]);
  const shown = useMemo(() => filterRuns(runs, filter, query), [runs, filter, query]);
  const counts = useMemo(() => countRunsByFilter(runs), [runs]);
  const isFirstRun = isLoaded && runs.length === 0 && !hasUsableProvider(providers);

  return (
    <section className="page" aria-labelledby="runs-heading">
      <div className="page-header">
        <h1 id="runs-heading">Runs</h1>
        <ImportRunButton />
      </div>
      {loadError && (
        <p role="alert" className="alert">
          {loadError}
        </p>
      )}
      {!isLoaded && !loadError && <p className="muted">Loading runs…</p>}
      {isFirstRun && <FirstRunGuide />}
      {isLoaded && runs.length === 0 && !isFirstRun && (
        <div className="empty-state">
          <p>No runs yet</p>
          <button type="button" className="button-primary" onClick={() => navigate({ page: 'new' })}>
            New run
          </button>
        </div>
      )}
      {runs.length > 0 && (
        <>
          <div className="list-toolbar">
            <RunFilters filter={filter} counts={counts} onChange={setFilter} />
            <label className="search-box">
              <span className="visually-hidden">Search runs</span>
              <input
                type="search"
                placeholder="Search name, template or id  ( / )"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                {...{ [SEARCH_SHORTCUT_ATTRIBUTE]: '' }}
              />
            </label>
          </div>
          {actionError && (
            <p role="alert" className="alert">
              {actionError}
            </p>
          )}
          {shown.length === 0 ? (
            <p className="muted" data-testid="runs-none-match">
              No runs match.
            </p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" data-testid="runs-table">
                <thead>
                  <tr>
                    {HEADINGS.map((heading) => (
                      <th key={heading} scope="col" className={NUMERIC.has(heading) ? 'cell-number' : undefined}>
                        {heading}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((run) => (
                    <RunRow key={run.id} run={run} onError={setActionError} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
