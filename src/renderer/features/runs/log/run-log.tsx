import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { EventKind } from '../../../../shared/records';
import { LogRowView } from './log-row-view';
import { LogToolbar } from './log-toolbar';
import { ALL_LOG_KINDS, findMatches, searchPattern, visibleRowIndices } from './log-view';
import { useRunDetailStore } from '../run-detail-store';

/** A row's height before it is measured (one line of 12.5 px text at 1.5 line height, plus padding). */
export const LOG_ROW_ESTIMATE_PX = 21;
/** Rows rendered beyond each edge of the viewport, so fast scrolling shows no gaps. */
export const LOG_OVERSCAN_ROWS = 30;
/** How close to the bottom still counts as "at the bottom" for following the tail. */
const FOLLOW_SLACK_PX = 32;

const isNearBottom = (element: HTMLElement): boolean => element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_SLACK_PX;

/**
 * The open run's live log, virtualized: the store holds every row, the DOM only the ones in view.
 * It follows the tail until the person scrolls up ("Jump to latest" brings it back); search marks
 * matches and steps through them; kinds can be hidden; tool calls open to their input and output.
 */
export function RunLog() {
  const log = useRunDetailStore((state) => state.log);
  const version = useRunDetailStore((state) => state.logVersion);
  const isLoading = useRunDetailStore((state) => state.isLoadingLog);
  const [shownKinds, setShownKinds] = useState<ReadonlySet<EventKind>>(ALL_LOG_KINDS);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [matchIndex, setMatchIndex] = useState(0);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [isFollowing, setFollowing] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastScrollTop = useRef(0);

  // `version` stands for the rows: the buffer grows in place.
  const view = useMemo(() => visibleRowIndices(log.rows, shownKinds), [log, version, shownKinds]);
  const pattern = useMemo(() => searchPattern(deferredQuery), [deferredQuery]);
  const matches = useMemo(() => findMatches(log.rows, view, pattern), [log, version, view, pattern]);
  const count = view === null ? log.rows.length : view.length;
  const rowIndexAt = useCallback((position: number): number => (view === null ? position : (view[position] ?? 0)), [view]);
  const currentMatch = matches.length === 0 ? -1 : Math.min(matchIndex, matches.length - 1);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_ROW_ESTIMATE_PX,
    overscan: LOG_OVERSCAN_ROWS,
    getItemKey: rowIndexAt,
  });

  // Every render while following: new rows, a grown last line or freshly measured rows all move the bottom.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (isFollowing && element) element.scrollTop = element.scrollHeight;
  });

  const onScroll = (): void => {
    const element = scrollRef.current;
    if (!element) return;
    if (isNearBottom(element)) {
      if (!isFollowing) setFollowing(true);
    } else if (element.scrollTop < lastScrollTop.current - 1 && isFollowing) {
      // Only a person moves the view up: following only ever scrolls down.
      setFollowing(false);
    }
    lastScrollTop.current = element.scrollTop;
  };

  const goToMatch = (index: number): void => {
    const position = matches[index];
    if (position === undefined) return;
    setMatchIndex(index);
    setFollowing(false);
    virtualizer.scrollToIndex(position, { align: 'center' });
  };
  const step = (by: 1 | -1): void => {
    if (matches.length === 0) return;
    goToMatch((currentMatch + by + matches.length) % matches.length);
  };
  const toggleKind = (kind: EventKind): void => {
    const next = new Set(shownKinds);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    setShownKinds(next);
  };
  const toggleRow = useCallback((rowIndex: number): void => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(rowIndex)) next.delete(rowIndex);
      else next.add(rowIndex);
      return next;
    });
  }, []);
  const currentPosition = currentMatch === -1 ? -1 : (matches[currentMatch] ?? -1);

  return (
    <section className="panel log-panel" aria-labelledby="log-heading">
      <div className="panel-header">
        <h2 id="log-heading">Log</h2>
        <span className="muted" data-testid="log-row-count">
          {log.rows.length.toLocaleString('en-US')} lines
        </span>
        {isLoading && <span className="muted">Loading…</span>}
        {!isFollowing && (
          <button type="button" className="button-small button-primary" onClick={() => setFollowing(true)}>
            Jump to latest
          </button>
        )}
      </div>
      <LogToolbar
        query={query}
        matchCount={matches.length}
        matchIndex={currentMatch}
        shownKinds={shownKinds}
        onQuery={(text) => {
          setQuery(text);
          setMatchIndex(0);
        }}
        onStep={step}
        onToggleKind={toggleKind}
      />
      <div ref={scrollRef} className="log" data-testid="run-log" role="log" aria-label="Run log" tabIndex={0} onScroll={onScroll}>
        {count === 0 && !isLoading && <p className="muted">{log.rows.length === 0 ? 'Nothing logged yet.' : 'Nothing to show with these filters.'}</p>}
        <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const rowIndex = rowIndexAt(item.index);
            const row = log.rows[rowIndex];
            if (!row) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="log-slot"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <LogRowView
                  row={row}
                  rowIndex={rowIndex}
                  call={row.callId === null ? undefined : log.calls.get(row.callId)}
                  isExpanded={expanded.has(rowIndex)}
                  pattern={pattern}
                  isCurrentMatch={item.index === currentPosition}
                  onToggle={toggleRow}
                />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
