import { memo } from 'react';
import type { LogRow, ToolCallDetail } from './log-buffer';
import { prettyValue } from './log-text';
import { splitMatches } from './log-view';

/** One row of the virtual log, with what it needs to draw itself. */
export type LogRowViewProps = Readonly<{
  row: LogRow;
  rowIndex: number;
  call: ToolCallDetail | undefined;
  isExpanded: boolean;
  pattern: RegExp | null;
  isCurrentMatch: boolean;
  onToggle(rowIndex: number): void;
}>;

function Highlighted({ text, pattern }: Readonly<{ text: string; pattern: RegExp | null }>) {
  if (pattern === null) return <>{text}</>;
  return <>{splitMatches(text, pattern).map((piece, index) => (piece.isMatch ? <mark key={index}>{piece.text}</mark> : piece.text))}</>;
}

function CallDetails({ call }: Readonly<{ call: ToolCallDetail }>) {
  return (
    <div className="log-call-details">
      <div className="log-call-label">Input</div>
      <pre>{prettyValue(call.input) || '(none)'}</pre>
      <div className="log-call-label">{call.isError ? 'Output (failed)' : 'Output'}</div>
      <pre className={call.isError ? 'log-failed' : undefined}>{call.output === null ? 'No result yet.' : prettyValue(call.output) || '(empty)'}</pre>
    </div>
  );
}

/** A log row: its text with search matches marked; a tool call or result can open its full input and output. */
export const LogRowView = memo(function LogRowView({ row, rowIndex, call, isExpanded, pattern, isCurrentMatch, onToggle }: LogRowViewProps) {
  if (row.kind === 'iteration') return <div className="log-iteration">{row.text}</div>;
  const className = `log-line log-${row.kind}${row.isError ? ' log-failed' : ''}${isCurrentMatch ? ' log-current-match' : ''}`;
  if (!call) {
    return (
      <div className={className} data-seq={row.seq}>
        <Highlighted text={row.text} pattern={pattern} />
      </div>
    );
  }
  return (
    <div className={className} data-seq={row.seq}>
      <button
        type="button"
        className="log-toggle"
        aria-expanded={isExpanded}
        aria-label={`${isExpanded ? 'Hide' : 'Show'} the input and output of ${call.tool}`}
        onClick={() => onToggle(rowIndex)}
      >
        {isExpanded ? '▾' : '▸'}
      </button>
      <Highlighted text={row.text} pattern={pattern} />
      {isExpanded && <CallDetails call={call} />}
    </div>
  );
});
