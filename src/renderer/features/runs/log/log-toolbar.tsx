import type { KeyboardEvent } from 'react';
import type { EventKind } from '../../../../shared/records';
import { SEARCH_SHORTCUT_ATTRIBUTE } from '../../../app/use-global-shortcuts';
import { LOG_KIND_FILTERS } from './log-view';

/** The log's search and kind filters, and where changes go. */
export type LogToolbarProps = Readonly<{
  query: string;
  matchCount: number;
  /** 0-based; -1 while there is no match. */
  matchIndex: number;
  shownKinds: ReadonlySet<EventKind>;
  onQuery(query: string): void;
  onStep(by: 1 | -1): void;
  onToggleKind(kind: EventKind): void;
}>;

/** Search (Enter for the next match, Shift+Enter for the previous) and the kinds shown. */
export function LogToolbar({ query, matchCount, matchIndex, shownKinds, onQuery, onStep, onToggleKind }: LogToolbarProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    onStep(event.shiftKey ? -1 : 1);
  };
  const hasQuery = query.trim() !== '';
  return (
    <div className="log-toolbar">
      <div className="log-search">
        <label className="search-box">
          <span className="visually-hidden">Search the log</span>
          <input
            type="search"
            placeholder="Search the log  ( / )"
            value={query}
            onChange={(event) => onQuery(event.target.value)}
            onKeyDown={onKeyDown}
            {...{ [SEARCH_SHORTCUT_ATTRIBUTE]: '' }}
          />
        </label>
        <button type="button" className="button-small" onClick={() => onStep(-1)} disabled={matchCount === 0} aria-label="Previous match">
          ↑
        </button>
        <button type="button" className="button-small" onClick={() => onStep(1)} disabled={matchCount === 0} aria-label="Next match">
          ↓
        </button>
        <span className="muted log-match-count" aria-live="polite" data-testid="log-match-count">
          {hasQuery ? (matchCount === 0 ? 'No matches' : `${matchIndex + 1} of ${matchCount}`) : ''}
        </span>
      </div>
      <div className="filter-buttons" role="group" aria-label="Show in the log">
        {LOG_KIND_FILTERS.map(({ kind, label }) => (
          <button key={kind} type="button" className="button-small" aria-pressed={shownKinds.has(kind)} onClick={() => onToggleKind(kind)}>
            {label}
          </button>
        ))}
      </div>
    </div>
  );
}
