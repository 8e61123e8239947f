import { useId, useState } from 'react';
import type { DiffFile, DiffHunk } from '../../../../shared/records';
import { describeFileStatus, fileLabel, hunkHeader, noLinesNote, numberHunk, shownLines, startsFolded } from './diff-model';

const SIGNS = { context: ' ', add: '+', del: '−' } as const;
const LINE_WORDS = { context: 'unchanged', add: 'added', del: 'deleted' } as const;

function HunkRows({ hunk }: Readonly<{ hunk: DiffHunk }>) {
  return (
    <>
      <tr className="diff-hunk-row">
        <td className="diff-number" />
        <td className="diff-number" />
        <td className="diff-sign" />
        <td className="diff-text">{hunkHeader(hunk)}</td>
      </tr>
      {numberHunk(hunk).map((line, at) => (
        <tr key={at} className={`diff-line diff-${line.kind}`}>
          <td className="diff-number">{line.oldNumber ?? ''}</td>
          <td className="diff-number">{line.newNumber ?? ''}</td>
          <td className="diff-sign" title={LINE_WORDS[line.kind]}>
            {SIGNS[line.kind]}
          </td>
          <td className="diff-text">
            {line.text}
            {line.noNewline && <span className="muted"> (no newline at the end)</span>}
          </td>
        </tr>
      ))}
    </>
  );
}

/** One changed file: its name, status and +/- counts on a button that folds it; its hunks as a numbered unified diff. */
export function DiffFileView({ file, runId }: Readonly<{ file: DiffFile; runId: string }>) {
  const [isOpen, setOpen] = useState(() => !startsFolded(file));
  const bodyId = useId();
  const note = noLinesNote(file, runId);
  const label = fileLabel(file);
  const lines = shownLines(file);
  return (
    <section className="diff-file" data-testid={`diff-file-${file.path}`} aria-label={label}>
      <h3 className="diff-file-head">
        {note === null ? (
          <button type="button" className="diff-toggle" aria-expanded={isOpen} aria-controls={bodyId} onClick={() => setOpen(!isOpen)}>
            <span aria-hidden="true" className="diff-chevron">
              {isOpen ? '▾' : '▸'}
            </span>
            <span className="mono diff-path">{label}</span>
          </button>
        ) : (
          <span className="mono diff-path">{label}</span>
        )}
        <span className={`diff-status diff-status-${file.status}`}>{describeFileStatus(file.status)}</span>
        {file.binary ? (
          <span className="muted">binary</span>
        ) : (
          <span className="diff-counts" aria-label={`${file.additions} added, ${file.deletions} deleted`}>
            <span className="diff-count-add">+{file.additions}</span> <span className="diff-count-del">−{file.deletions}</span>
          </span>
        )}
        {note === null && !isOpen && <span className="muted">({lines} lines folded)</span>}
      </h3>
      {note !== null ? (
        <p className="muted diff-note">{note}</p>
      ) : (
        <div id={bodyId} hidden={!isOpen}>
          {isOpen && (
            <div className="table-scroll">
              <table className="diff-table" aria-label={`Changes to ${label}`}>
                <thead className="diff-columns">
                  <tr>
                    <th scope="col">Old line</th>
                    <th scope="col">New line</th>
                    <th scope="col">Change</th>
                    <th scope="col">Text</th>
                  </tr>
                </thead>
                <tbody>
                  {file.hunks.map((hunk, at) => (
                    <HunkRows key={at} hunk={hunk} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
