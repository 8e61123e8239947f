import { Fragment, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from './log-lines';
import { useRunDetailStore } from './run-detail-store';

/** Lines kept in the DOM at once; older ones come back with "Show earlier" (full virtualization comes later). */
export const LOG_WINDOW_LINES = 2_000;
/** How close to the bottom still counts as "at the bottom" for following the tail. */
const FOLLOW_SLACK_PX = 32;

const isNearBottom = (element: HTMLElement): boolean =>
  element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_SLACK_PX;

const iterationLabel = (iteration: number): string => (iteration === 0 ? 'Run' : `Iteration ${iteration}`);

function LogLineView({ line }: Readonly<{ line: LogLine }>) {
  return (
    <div className={`log-line log-${line.kind}${line.isError ? ' log-failed' : ''}`} data-seq={line.seq}>
      {line.text}
    </div>
  );
}

/**
 * The open run's live log. It follows the tail until the person scrolls up; then the window of
 * lines is pinned where they are reading, so new lines never shift the text under them.
 */
export function RunLog() {
  const lines = useRunDetailStore((state) => state.log.lines);
  const isLoading = useRunDetailStore((state) => state.isLoadingLog);
  const [pinnedStart, setPinnedStart] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const heightBeforeEarlier = useRef<number | null>(null);

  const isFollowing = pinnedStart === null;
  const start = pinnedStart ?? Math.max(0, lines.length - LOG_WINDOW_LINES);
  const visible = useMemo(() => lines.slice(start), [lines, start]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    if (heightBeforeEarlier.current !== null) {
      // Earlier lines were added above: keep the line the person was reading where it was.
      element.scrollTop += element.scrollHeight - heightBeforeEarlier.current;
      heightBeforeEarlier.current = null;
    } else if (isFollowing) {
      element.scrollTop = element.scrollHeight;
    }
  }, [visible, isFollowing]);

  const onScroll = (): void => {
    const element = scrollRef.current;
    if (!element) return;
    const atBottom = isNearBottom(element);
    if (atBottom && !isFollowing) setPinnedStart(null);
    if (!atBottom && isFollowing) setPinnedStart(start);
  };

  const showEarlier = (): void => {
    heightBeforeEarlier.current = scrollRef.current?.scrollHeight ?? null;
    setPinnedStart(Math.max(0, start - LOG_WINDOW_LINES));
  };

  return (
    <section className="panel log-panel" aria-labelledby="log-heading">
      <div className="panel-header">
        <h2 id="log-heading">Log</h2>
        {isLoading && <span className="muted">Loading…</span>}
        {!isFollowing && (
          <button type="button" className="button-small" onClick={() => setPinnedStart(null)}>
            Jump to latest
          </button>
        )}
      </div>
      <div ref={scrollRef} className="log" data-testid="run-log" role="log" aria-label="Run log" tabIndex={0} onScroll={onScroll}>
        {start > 0 && (
          <button type="button" className="button-small log-earlier" onClick={showEarlier}>
            Show earlier ({start} more lines)
          </button>
        )}
        {visible.length === 0 && !isLoading && <p className="muted">Nothing logged yet.</p>}
        {visible.map((line, index) => {
          const previous = index === 0 ? lines[start - 1] : visible[index - 1];
          return (
            <Fragment key={line.seq}>
              {previous?.iteration !== line.iteration && <div className="log-iteration">{iterationLabel(line.iteration)}</div>}
              <LogLineView line={line} />
            </Fragment>
          );
        })}
      </div>
    </section>
  );
}
