import { useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import { describeWorktreeState, type Run } from '../../../../shared/records';
import { useApiClient } from '../../../api/api-context';
import { receiveRunFetched, runsStore } from '../runs-store';
import { MergePanel } from './merge-panel';

type Mode = 'idle' | 'merge' | 'confirm-discard';

/** Pure: whether the run's worktree may be merged now (it ended and its changes are still on their branch). */
export function canMerge(run: Pick<Run, 'status' | 'worktree' | 'worktreeState'>): boolean {
  return run.worktree !== null && run.status === 'ended' && run.worktreeState === 'active';
}

/** Pure: whether the run's worktree may be discarded now (it ended and has a worktree, even one deleted by hand). */
export function canDiscard(run: Pick<Run, 'status' | 'worktree' | 'worktreeState'>): boolean {
  return run.worktree !== null && run.status === 'ended' && (run.worktreeState === 'active' || run.worktreeState === 'missing');
}

/**
 * The run's worktree on the run page: its branch and state, and for an ended run Merge (an inline panel that checks
 * first) and Discard (asks first, like Delete). What a merge or a discard did stays shown.
 */
export function WorktreePanel({ run }: Readonly<{ run: Run }>) {
  const api = useApiClient();
  const [mode, setMode] = useState<Mode>('idle');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  if (run.worktree === null) return null;

  const discard = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const askedAt = runsStore.getState().pushCount;
    try {
      receiveRunFetched(await api.call('runs.discard', { id: run.id }), askedAt);
      setMode('idle');
      setOutcome('Discarded: the run’s worktree and branch were removed.');
    } catch (failure) {
      setError(`Could not discard the changes: ${messageOf(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel worktree-panel" aria-labelledby="worktree-heading" data-testid="worktree-panel">
      <h2 id="worktree-heading">Worktree</h2>
      <p>
        Branch <span className="mono">{run.worktree.branch}</span> from <span className="mono">{run.worktree.baseRef}</span> in{' '}
        <span className="mono">{run.worktree.repoPath}</span> —{' '}
        <span data-testid="worktree-state">{run.worktreeState === null ? 'no state yet' : describeWorktreeState(run.worktreeState)}</span>
      </p>
      {run.status !== 'ended' && run.worktreeState === 'active' && <p className="muted">Merge or discard its changes once the run has ended.</p>}
      {outcome && (
        <p role="status" className="note" data-testid="worktree-outcome">
          {outcome}
        </p>
      )}
      {mode === 'merge' ? (
        <MergePanel
          run={run}
          onCancel={() => setMode('idle')}
          onDone={(message) => {
            setMode('idle');
            setOutcome(message);
          }}
        />
      ) : (
        (canMerge(run) || canDiscard(run)) && (
          <div className="run-buttons">
            {canMerge(run) && (
              <button type="button" className="button-primary" disabled={isBusy} onClick={() => setMode('merge')}>
                Merge…
              </button>
            )}
            {canDiscard(run) &&
              (mode === 'confirm-discard' ? (
                <span className="confirm-inline" role="group" aria-label={`Discard the changes of ${run.name}?`}>
                  <span>Throw away its changes and branch?</span>
                  <button type="button" className="button-danger" disabled={isBusy} onClick={() => void discard()}>
                    Yes, discard
                  </button>
                  <button type="button" disabled={isBusy} onClick={() => setMode('idle')}>
                    Cancel
                  </button>
                </span>
              ) : (
                <button type="button" className="button-danger" disabled={isBusy} onClick={() => setMode('confirm-discard')}>
                  Discard…
                </button>
              ))}
          </div>
        )
      )}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </section>
  );
}
