import { useState } from 'react';
import { ApprovalInput } from './approval-input';
import { type ApprovalPreview as Preview, approvalPreview, PREVIEW_LINES_SHOWN, type PreviewLine } from './approval-preview-model';

const MARK: Readonly<Record<PreviewLine['kind'], string>> = { line: '', same: ' ', removed: '-', added: '+' };

function PreviewLines({ lines, label }: Readonly<{ lines: ReadonlyArray<PreviewLine>; label: string }>) {
  const [isAll, setAll] = useState(false);
  const shown = isAll ? lines : lines.slice(0, PREVIEW_LINES_SHOWN);
  return (
    <>
      <pre className="approval-preview-lines" aria-label={label}>
        {shown.map((line, index) => (
          <span key={index} className={`preview-line preview-${line.kind}`}>
            <span className="preview-number" aria-hidden="true">
              {line.number ?? ''}
            </span>
            {line.kind !== 'line' && <span className="preview-mark">{MARK[line.kind]}</span>}
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
      {lines.length > shown.length && (
        <button type="button" className="button-small" onClick={() => setAll(true)}>
          Show all {lines.length} lines
        </button>
      )}
    </>
  );
}

function PreviewBody({ preview }: Readonly<{ preview: Preview }>) {
  switch (preview.kind) {
    case 'command':
      return <pre className="approval-command">$ {preview.command}</pre>;
    case 'file':
      return (
        <>
          <p className="approval-preview-title">
            New content of <span className="mono">{preview.path}</span> ({preview.lines.length} {preview.lines.length === 1 ? 'line' : 'lines'}):
          </p>
          <PreviewLines lines={preview.lines} label={`Content of ${preview.path}`} />
        </>
      );
    case 'diff':
      return (
        <>
          <p className="approval-preview-title">
            Change in <span className="mono">{preview.path}</span>
            {preview.replaceAll ? ' (every occurrence)' : ''}:
          </p>
          <PreviewLines lines={preview.lines} label={`Change in ${preview.path}`} />
        </>
      );
  }
}

/** What the call would do: a diff for `edit_file`, the numbered content for `write_file`, the command for `bash`; else the input as JSON. */
export function ApprovalPreviewView({ tool, input }: Readonly<{ tool: string; input: unknown }>) {
  const preview = approvalPreview(tool, input);
  if (preview === null) return <ApprovalInput input={input} />;
  return (
    <div className="approval-preview" data-testid="request-preview">
      <PreviewBody preview={preview} />
    </div>
  );
}
