import { useId, useMemo } from 'react';
import type { DiffFile, Run } from '../../../../shared/records';
import { navigate } from '../../../app/use-route';
import { useRunDetailStore } from '../run-detail-store';
import { DiffFileView } from './diff-file-view';
import { describeTotals, diffVersion, fileLabel, scopeChoices } from './diff-model';
import { useRunDiff } from './use-run-diff';

/** The files of the diff, each a button that brings its diff into view. */
function FileList({ files, idOf }: Readonly<{ files: ReadonlyArray<DiffFile>; idOf(at: number): string }>) {
  const show = (at: number): void => {
    const target = document.getElementById(idOf(at));
    target?.scrollIntoView({ block: 'start' });
    target?.querySelector<HTMLElement>('button, .diff-path')?.focus();
  };
  return (
    <ul className="changes-files" aria-label="Files changed">
      {files.map((file, at) => (
        <li key={file.path}>
          <button type="button" className="button-link-plain" onClick={() => show(at)}>
            <span className="mono">{fileLabel(file)}</span>
          </button>{' '}
          {file.binary ? (
            <span className="muted">binary</span>
          ) : (
            <span className="diff-counts">
              <span className="diff-count-add">+{file.additions}</span> <span className="diff-count-del">−{file.deletions}</span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The run's Changes tab: what the run changed in its worktree, as the whole run's diff or one iteration's (picked here
 * or from the iterations table), file by file with numbered lines; large files start folded, binary files are named.
 */
export function ChangesTab({ run, iteration }: Readonly<{ run: Run; iteration: number | null }>) {
  const iterations = useRunDetailStore((state) => state.iterations);
  const version = diffVersion(iterations, run.worktreeState);
  const load = useRunDiff(run.id, iteration, version);
  const choices = useMemo(() => scopeChoices(iterations, iteration), [iterations, iteration]);
  const pickerId = useId();
  const fileIdPrefix = useId();
  const idOf = (at: number): string => `${fileIdPrefix}-file-${at}`;
  const diff = load.diff;
  return (
    <section className="panel changes" aria-labelledby="changes-heading" data-testid="changes-tab">
      <div className="changes-head">
        <h2 id="changes-heading">Changes</h2>
        <label htmlFor={pickerId}>Show changes of</label>
        <select
          id={pickerId}
          value={iteration === null ? '' : String(iteration)}
          onChange={(event) =>
            navigate({ page: 'run', runId: run.id, tab: 'changes', iteration: event.target.value === '' ? null : Number(event.target.value) })
          }
        >
          {choices.map((choice) => (
            <option key={choice.iteration ?? 'all'} value={choice.iteration === null ? '' : String(choice.iteration)}>
              {choice.label}
            </option>
          ))}
        </select>
        {run.worktree && (
          <span className="muted">
            on <span className="mono">{run.worktree.branch}</span> from <span className="mono">{run.worktree.baseRef}</span>
          </span>
        )}
      </div>
      {load.error && (
        <p role="alert" className="alert">
          {load.error}
        </p>
      )}
      {diff === null ? (
        !load.error && <p className="muted">Loading the changes…</p>
      ) : (
        <>
          <p data-testid="changes-totals" aria-live="polite">
            {describeTotals(diff.files)}
            {diff.iteration === null ? ' in the whole run' : ` in iteration ${diff.iteration}`}
            {load.isLoading && <span className="muted"> (updating…)</span>}
          </p>
          {diff.uncommitted && (
            <p className="note">The worktree has changes no iteration has committed yet (one in progress, or cut short): they show here once committed.</p>
          )}
          {diff.files.length > 0 && <FileList files={diff.files} idOf={idOf} />}
          {diff.files.map((file, at) => (
            <div key={`${diff.head}:${file.path}`} id={idOf(at)}>
              <DiffFileView file={file} runId={run.id} />
            </div>
          ))}
        </>
      )}
    </section>
  );
}
