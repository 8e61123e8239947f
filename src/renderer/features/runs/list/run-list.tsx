import { type FocusEvent, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Run } from '../../../../shared/records';
import { needsPerson } from '../../../../shared/run-badge';
import { queuePlaces } from '../../../../shared/run-queue';
import { SEARCH_SHORTCUT_ATTRIBUTE } from '../../../app/use-global-shortcuts';
import { navigate } from '../../../app/use-route';
import { isShortcutPress } from '../../../ui/keyboard';
import { useMediaQuery } from '../../../ui/use-media-query';
import { useNow } from '../../../ui/use-now';
import { hasUsableProvider, useSettingsStore } from '../../settings/settings-store';
import { FirstRunGuide } from './first-run-guide';
import { ImportRunButton } from './import-run-button';
import { listKeyAction, movedIndex } from './list-keys';
import { countRunsByFilter, filterRuns, RUN_FILTERS, type RunFilter } from './run-filters';
import { RunRow } from './run-row';
import { useRunOverlaps } from './run-overlaps';
import { useRunsStore } from '../runs-store';

/** "Last activity" and "Started" say how long ago; this keeps them fresh. */
const CLOCK_TICK_MS = 30_000;
/** Below this width the cost column gives its room to the name and the reason (the cost stays on the run page). */
const WIDE_ENOUGH_FOR_COST = '(min-width: 1100px)';

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

/** The columns: heading, class (widths in runs.css), whether it holds numbers. */
type Column = Readonly<{ heading: string; className: string; isNumber?: boolean }>;
const COLUMNS: ReadonlyArray<Column> = [
  { heading: 'Outcome', className: 'col-outcome' },
  { heading: 'Run', className: 'col-name' },
  { heading: 'Why', className: 'col-why' },
  { heading: 'Progress', className: 'col-progress', isNumber: true },
  { heading: 'Started', className: 'col-started' },
  { heading: 'Ran for', className: 'col-duration' },
  { heading: 'Activity', className: 'col-activity' },
  { heading: 'Cost', className: 'col-cost', isNumber: true },
  { heading: 'Actions', className: 'col-actions' },
];

/** Pure: the runs that need the person first (pinned), then the rest, each in the list's order. */
export function groupRuns(runs: ReadonlyArray<Run>): Readonly<{ needsYou: ReadonlyArray<Run>; others: ReadonlyArray<Run> }> {
  return { needsYou: runs.filter(needsPerson), others: runs.filter((run) => !needsPerson(run)) };
}

function GroupHeading({ label, count, testId, span }: Readonly<{ label: string; count: number; testId: string; span: number }>) {
  return (
    <tr className="group-row" data-testid={testId}>
      <th scope="rowgroup" colSpan={span}>
        {label} <span className="filter-count">{count}</span>
      </th>
    </tr>
  );
}

/**
 * Every run, filtered and searched, one line each: the runs that need the person pinned in a "Needs you"
 * group, then the rest, newest first. j/k or the arrows move from row to row, Enter opens one.
 */
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
  const groups = useMemo(() => groupRuns(shown), [shown]);
  const ordered = useMemo(() => [...groups.needsYou, ...groups.others], [groups]);
  const touchedAt = useRunsStore((state) => state.touchedAt);
  const overlaps = useRunOverlaps(runs);
  const showsCost = useMediaQuery(WIDE_ENOUGH_FOR_COST);
  const columns = showsCost ? COLUMNS : COLUMNS.filter(({ className }) => className !== 'col-cost');
  const nowMs = useNow(CLOCK_TICK_MS);
  const isFirstRun = isLoaded && runs.length === 0 && !hasUsableProvider(providers);
  const table = useRef<HTMLTableElement>(null);
  const [current, setCurrent] = useState(-1);
  const rowAt = (index: number): HTMLElement | null => table.current?.querySelectorAll<HTMLElement>('tr[data-run-row]')[index] ?? null;
  const currentId = ordered[Math.min(current, ordered.length - 1)]?.id ?? null;

  const onRowKeyDown = (index: number, run: Run) => (event: KeyboardEvent<HTMLTableRowElement>) => {
    const action = listKeyAction(event.nativeEvent, event.target === event.currentTarget);
    if (action === null) return;
    event.preventDefault();
    if (action === 'open') return navigate({ page: 'run', runId: run.id });
    const next = movedIndex(index, ordered.length, action);
    setCurrent(next);
    rowAt(next)?.focus();
  };
  const onRowFocus = (index: number) => (event: FocusEvent<HTMLTableRowElement>) => {
    if (event.target === event.currentTarget) setCurrent(index);
  };
  // j or k with nothing focused (after a click on the page, or on arrival) starts at the current row.
  const onDocumentKey = useCallback(
    (event: globalThis.KeyboardEvent) => {
      if ((event.key !== 'j' && event.key !== 'k') || !isShortcutPress(event) || ordered.length === 0) return;
      if (document.activeElement !== null && document.activeElement !== document.body) return;
      event.preventDefault();
      const index = Math.max(0, Math.min(current, ordered.length - 1));
      setCurrent(index);
      table.current?.querySelectorAll<HTMLElement>('tr[data-run-row]')[index]?.focus();
    },
    [current, ordered.length],
  );
  useEffect(() => {
    document.addEventListener('keydown', onDocumentKey);
    return () => document.removeEventListener('keydown', onDocumentKey);
  }, [onDocumentKey]);
  const places = useMemo(() => queuePlaces(ordered), [ordered]);
  const row = (run: Run, index: number) => (
    <RunRow
      key={run.id}
      run={run}
      nowMs={nowMs}
      touchedAt={touchedAt[run.id]}
      overlaps={overlaps[run.id]}
      showsCost={showsCost}
      isCurrent={currentId === null ? index === 0 : run.id === currentId}
      onFocusRow={onRowFocus(index)}
      onKeyDown={onRowKeyDown(index, run)}
      onError={setActionError}
      queuePlace={places.get(run.id)}
    />
  );

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
            <div className="runs-table-wrap" data-testid="runs-table-wrap">
              <table className="data-table runs-table" data-testid="runs-table" ref={table}>
                <colgroup>
                  {columns.map(({ className }) => (
                    <col key={className} className={className} />
                  ))}
                </colgroup>
                <thead>
                  <tr>
                    {columns.map(({ heading, className, isNumber }) => (
                      <th key={heading} scope="col" className={`${className}${isNumber ? ' cell-number' : ''}`} title={heading}>
                        {heading}
                      </th>
                    ))}
                  </tr>
                </thead>
                {groups.needsYou.length > 0 && (
                  <tbody data-testid="runs-needs-you">
                    <GroupHeading label="Needs you" count={groups.needsYou.length} testId="needs-you-heading" span={columns.length} />
                    {groups.needsYou.map((run, index) => row(run, index))}
                  </tbody>
                )}
                {groups.others.length > 0 && (
                  <tbody data-testid="runs-others">
                    {groups.needsYou.length > 0 && (
                      <GroupHeading label="Other runs" count={groups.others.length} testId="other-runs-heading" span={columns.length} />
                    )}
                    {groups.others.map((run, index) => row(run, groups.needsYou.length + index))}
                  </tbody>
                )}
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
