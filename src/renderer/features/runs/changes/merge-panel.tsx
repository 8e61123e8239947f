import { useEffect, useId, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import { type RunActionState, isResumable } from '../../../../shared/run-actions';
import type { MergeCheck, MergeResult, MergeStrategy, Run } from '../../../../shared/records';
import { useApiClient } from '../../../api/api-context';
import { receiveRunFetched, runsStore } from '../runs-store';

const STRATEGIES: ReadonlyArray<Readonly<{ strategy: MergeStrategy; label: string; hint: string }>> = [
  { strategy: 'squash', label: 'Squash', hint: 'One commit on the target, named after the run, listing the iterations' },
  { strategy: 'merge', label: 'Merge', hint: 'A merge commit that keeps every iteration commit' },
  { strategy: 'rebase', label: 'Rebase', hint: 'The iteration commits replayed on the target, no merge commit' },
];

/** Pure: what a merge did, in words. */
export function describeMerge(merge: MergeResult): string {
  return `Merged into ${merge.into} (${merge.strategy}) as ${merge.commit.slice(0, 12)}; ${merge.branchKept ? 'the run’s branch was kept' : 'its worktree and branch were removed'}.`;
}

/** Pure: why the check refuses the merge, or null when it may go ahead; resuming with guidance is offered only to a run that can go on. */
export function mergeRefusal(check: MergeCheck, run: RunActionState): string | null {
  if (check.blocked !== null) return `Merge refused: ${check.blocked}.`;
  if (check.conflicts.length === 0) return null;
  const ways = isResumable(run) ? 'Resume the run with guidance, or merge by hand.' : 'Merge by hand (git merge in your folder), or discard the run.';
  return `Merge refused: these files conflict with ${check.into}. ${ways}`;
}

type CheckState = Readonly<{ check: MergeCheck | null; error: string | null; isChecking: boolean }>;

/**
 * Merge, inline on the run page: strategy (squash by default), target branch (the run's base by default), "keep the
 * branch". A dry run (`runs.mergeCheck`) comes first: conflicting files or a dirty target refuse the merge before it starts.
 */
export function MergePanel({ run, onDone, onCancel }: Readonly<{ run: Run; onDone(message: string): void; onCancel(): void }>) {
  const api = useApiClient();
  const id = useId();
  const [strategy, setStrategy] = useState<MergeStrategy>('squash');
  const [into, setInto] = useState(run.worktree?.baseRef ?? '');
  const [checkedInto, setCheckedInto] = useState(into);
  const [keepBranch, setKeepBranch] = useState(false);
  const [state, setState] = useState<CheckState>({ check: null, error: null, isChecking: true });
  const [isMerging, setMerging] = useState(false);
  const [mergeError, setMergeError] = useState<string | null>(null);

  useEffect(() => {
    let isCurrent = true;
    setState({ check: null, error: null, isChecking: true });
    api.call('runs.mergeCheck', checkedInto.trim() === '' ? { id: run.id } : { id: run.id, into: checkedInto.trim() }).then(
      (check) => isCurrent && setState({ check, error: null, isChecking: false }),
      (failure: unknown) => isCurrent && setState({ check: null, error: `Could not check the merge: ${messageOf(failure)}`, isChecking: false }),
    );
    return () => {
      isCurrent = false;
    };
  }, [api, run.id, checkedInto, run.status]);

  const check = state.check;
  const refusal = check === null ? null : mergeRefusal(check, run);
  const isStale = into.trim() !== checkedInto.trim();
  const merge = async (): Promise<void> => {
    setMerging(true);
    setMergeError(null);
    const askedAt = runsStore.getState().pushCount;
    try {
      const answer = await api.call('runs.merge', { id: run.id, strategy, keepBranch, ...(into.trim() === '' ? {} : { into: into.trim() }) });
      receiveRunFetched(answer.run, askedAt);
      onDone(describeMerge(answer.merge));
    } catch (failure) {
      setMergeError(`Could not merge: ${messageOf(failure)}`);
      setCheckedInto(`${into.trim()}`);
    } finally {
      setMerging(false);
    }
  };

  return (
    <form
      className="merge-panel"
      aria-label={`Merge ${run.name}`}
      data-testid="merge-panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (isStale) setCheckedInto(into);
        else void merge();
      }}
    >
      <div className="merge-options">
        <fieldset>
          <legend>Strategy</legend>
          {STRATEGIES.map((choice) => (
            <label key={choice.strategy} title={choice.hint}>
              <input type="radio" name={`${id}-strategy`} checked={strategy === choice.strategy} onChange={() => setStrategy(choice.strategy)} />
              {choice.label}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-into`}>Into branch</label>
          <input id={`${id}-into`} type="text" value={into} onChange={(event) => setInto(event.target.value)} onBlur={() => setCheckedInto(into)} />
        </div>
        <label>
          <input type="checkbox" checked={keepBranch} onChange={(event) => setKeepBranch(event.target.checked)} />
          Keep the run’s branch
        </label>
      </div>
      <div aria-live="polite" data-testid="merge-check">
        {state.isChecking && <p className="muted">Checking whether it merges cleanly…</p>}
        {state.error && (
          <p role="alert" className="alert">
            {state.error}
          </p>
        )}
        {check && refusal === null && (
          <p className="note">
            {check.commits} {check.commits === 1 ? 'commit' : 'commits'}, {check.files} {check.files === 1 ? 'file' : 'files'}: merges cleanly into{' '}
            <span className="mono">{check.into}</span>.
          </p>
        )}
        {check && refusal !== null && (
          <div role="alert" className="alert">
            {refusal}
            {check.conflicts.length > 0 && (
              <ul className="merge-conflicts" aria-label="Conflicting files">
                {check.conflicts.map((file) => (
                  <li key={file} className="mono">
                    {file}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {mergeError && (
        <p role="alert" className="alert">
          {mergeError}
        </p>
      )}
      <div className="form-actions">
        {isStale ? (
          <button type="submit">Check again</button>
        ) : (
          <button type="submit" className="button-primary" disabled={isMerging || state.isChecking || check === null || refusal !== null}>
            {isMerging ? 'Merging…' : `Merge into ${check?.into || into || 'the current branch'}`}
          </button>
        )}
        <button type="button" onClick={onCancel} disabled={isMerging}>
          Cancel
        </button>
      </div>
    </form>
  );
}
