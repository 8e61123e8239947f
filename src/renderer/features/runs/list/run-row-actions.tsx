import { useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import type { Run } from '../../../../shared/records';
import { canDelete, canPause, canResume, canStop, canStopAfterIteration, needsLimitsToResume } from '../../../../shared/run-actions';
import { useApiClient } from '../../../api/api-context';
import { useResumeRun } from '../confirm-import-dialog';
import { bundleFileName, downloadJson } from '../run-bundle-file';
import { ExtendLimitsButton } from '../limits/extend-limits-dialog';
import { receiveRunFetched, runsStore } from '../runs-store';
import { StopChoice, type StopWhen } from '../stop-choice';
import { refreshRuns } from './use-runs-loader';

type RowAction = 'pause' | 'resume' | 'stop' | 'export' | 'delete';

/** The actions of one row of the run list; a refusal goes to `onError` with the engine's message. */
export function RunRowActions({ run, onError }: Readonly<{ run: Run; onError(message: string | null): void }>) {
  const api = useApiClient();
  const [busy, setBusy] = useState<RowAction | null>(null);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  const [isConfirmingStop, setConfirmingStop] = useState(false);
  const resumer = useResumeRun(run);

  const act = async (action: RowAction, call: () => Promise<void>): Promise<void> => {
    setBusy(action);
    onError(null);
    try {
      await call();
    } catch (failure) {
      onError(`Could not ${action} "${run.name}": ${messageOf(failure)}`);
    } finally {
      setBusy(null);
    }
  };
  const pause = (): Promise<void> =>
    act('pause', async () => {
      const askedAt = runsStore.getState().pushCount;
      receiveRunFetched(await api.call('runs.pause', { id: run.id }), askedAt);
    });
  const stop = (when: StopWhen): Promise<void> =>
    act('stop', async () => {
      const askedAt = runsStore.getState().pushCount;
      receiveRunFetched(await api.call('runs.stop', when === 'iteration' ? { id: run.id, after: 'iteration' } : { id: run.id }), askedAt);
      setConfirmingStop(false);
    });
  const exportRun = (): Promise<void> =>
    act('export', async () => downloadJson(bundleFileName(run.name, run.id), await api.call('runs.export', { id: run.id })));
  const deleteRun = (): Promise<void> =>
    act('delete', async () => {
      setConfirmingDelete(false);
      await api.call('runs.delete', { id: run.id });
      await refreshRuns(api);
    });

  const isBusy = busy !== null;
  const label = (verb: string): string => `${verb} ${run.name}`;
  return (
    <div className="row-actions">
      {canPause(run) && (
        <button type="button" className="button-small" aria-label={label('Pause')} disabled={isBusy} onClick={() => void pause()}>
          Pause
        </button>
      )}
      {canResume(run) && (
        <button type="button" className="button-small" aria-label={label('Resume')} disabled={isBusy} onClick={() => void act('resume', resumer.resume)}>
          Resume
        </button>
      )}
      {needsLimitsToResume(run) && <ExtendLimitsButton run={run} disabled={isBusy} />}
      <button type="button" className="button-small" aria-label={label('Export')} disabled={isBusy} onClick={() => void exportRun()}>
        Export
      </button>
      {isConfirmingDelete ? (
        <span className="confirm-inline" role="group" aria-label={`Delete ${run.name}?`}>
          <button type="button" className="button-small button-danger" disabled={isBusy} onClick={() => void deleteRun()}>
            Yes, delete
          </button>
          <button type="button" className="button-small" onClick={() => setConfirmingDelete(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button-small"
          aria-label={label('Delete')}
          disabled={isBusy || !canDelete(run)}
          title={!canDelete(run) ? 'Stop the run before deleting it' : 'Delete the run and its log'}
          onClick={() => setConfirmingDelete(true)}
        >
          Delete
        </button>
      )}
      {run.status !== 'ended' &&
        (isConfirmingStop ? (
          <StopChoice
            runName={run.name}
            offerAfterIteration={canStopAfterIteration(run)}
            disabled={isBusy}
            compact
            onChoose={(when) => void stop(when)}
            onCancel={() => setConfirmingStop(false)}
          />
        ) : (
          <button
            type="button"
            className="button-small button-danger row-stop"
            aria-label={label('Stop')}
            disabled={isBusy || !canStop(run)}
            title="Asks first: stop after this iteration, or now"
            onClick={() => setConfirmingStop(true)}
          >
            Stop
          </button>
        ))}
      {resumer.dialog}
    </div>
  );
}
