import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { TemplateDiff, TemplateRevision } from '../../../shared/templates';
import { useApiClient } from '../../api/api-context';
import { formatTime } from '../../ui/format';

const SHORT = 8;

function DiffView({ diff }: Readonly<{ diff: TemplateDiff }>) {
  if (diff.diff === '') return <p className="muted">The two revisions have the same text.</p>;
  return (
    <>
      <p className="muted">
        {diff.added} added, {diff.removed} removed
      </p>
      <pre className="diff" data-testid="template-diff" tabIndex={0}>
        {diff.diff.split('\n').map((line, index) => {
          const kind = line.startsWith('@@') || line.startsWith('+++') || line.startsWith('---') ? 'hunk' : line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : 'same';
          return (
            <span key={index} className={`diff-line diff-${kind}`}>
              {line}
              {'\n'}
            </span>
          );
        })}
      </pre>
    </>
  );
}

const revisionLabel = (revision: TemplateRevision): string =>
  `${revision.revision.slice(0, SHORT)} · ${formatTime(revision.createdAt)}${revision.current ? ' · current' : ''}${revision.runs > 0 ? ` · pinned by ${revision.runs} run${revision.runs === 1 ? '' : 's'}` : ''}`;

/** The template's stored revisions, newest first, and a diff between any two; a user template can load an old one back. */
export function TemplateRevisions({ name, refreshKey, onRestore }: Readonly<{ name: string; refreshKey: number; onRestore?: (revision: string) => void }>) {
  const api = useApiClient();
  const [revisions, setRevisions] = useState<ReadonlyArray<TemplateRevision> | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<TemplateDiff | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let isCurrent = true;
    api.call('templates.revisions', { name }).then(
      (list) => {
        if (!isCurrent) return;
        setRevisions(list);
        setTo(list[0]?.revision ?? '');
        setFrom(list[1]?.revision ?? list[0]?.revision ?? '');
      },
      (failure: unknown) => isCurrent && setError(`Could not load the revisions: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, name, refreshKey]);

  const compare = async (): Promise<void> => {
    setError(null);
    try {
      setDiff(await api.call('templates.diff', { name, from, to }));
    } catch (failure) {
      setError(`Could not compare the revisions: ${messageOf(failure)}`);
    }
  };

  const select = (id: string, label: string, value: string, onChange: (revision: string) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {(revisions ?? []).map((revision) => (
          <option key={revision.revision} value={revision.revision}>
            {revisionLabel(revision)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section className="panel" aria-labelledby="revisions-heading" data-testid="template-revisions">
      <h2 id="revisions-heading">
        Revisions <span className="muted">({revisions?.length ?? '…'})</span>
      </h2>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      {revisions !== null && revisions.length < 2 && <p className="muted">Only one revision so far: save a change to compare.</p>}
      {revisions !== null && revisions.length >= 2 && (
        <div className="revision-compare">
          {select('revision-from', 'From', from, setFrom)}
          {select('revision-to', 'To', to, setTo)}
          <div className="form-actions">
            <button type="button" onClick={() => void compare()} disabled={from === '' || to === ''}>
              Show diff
            </button>
            {onRestore && (
              <button type="button" onClick={() => onRestore(from)} title="Put the “From” revision into the editor; save to keep it">
                Load “From” into the editor
              </button>
            )}
          </div>
        </div>
      )}
      {diff && <DiffView diff={diff} />}
    </section>
  );
}
