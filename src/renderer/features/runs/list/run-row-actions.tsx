import { useCallback, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import type { Run } from '../../../../shared/records';
import { canDelete, canPause, canResume, canStop, canStopAfterIteration, needsLimitsToResume } from '../../../../shared/run-actions';
import { needsPerson } from '../../../../shared/run-badge';
import { useApiClient } from '../../../api/api-context';
import { hrefFor } from '../../../app/routes';
import { useResumeRun } from '../confirm-import-dialog';
import { bundleFileName, downloadJson } from '../run-bundle-file';
import { ExtendLimitsButton } from '../limits/extend-limits-dialog';
import { receiveRunFetched, runsStore } from '../runs-store';
import { StopChoice, type StopWhen } from '../stop-choice';
import { RowMenu } from './row-menu';
import { refreshRuns } from './use-runs-loader';

type RowAction = 'pause' | 'resume' | 'stop' | 'export' | 'delete' | 'start';
/** The ⋯ panel: closed, its list of actions, or the confirmation Stop or Delete asks first. */
type MenuState = 'closed' | 'open' | 'confirm-stop' | 'confirm-delete';

/**
 * The actions of one row of the run list: one inline (Run anyway for a queued run, Review for a run that needs the person, else
 * Pause or Resume), the rest behind ⋯ (Extend…, Resume, Stop…, Export, Delete), so no row outgrows
 * the window. A refusal goes to `onError` with the engine's message.
 */
export function RunRowActions({ run, onError }: Readonly<{ run: Run; onError(message: string | null): void }>) {
  const api = useApiClient();
  const [busy, setBusy] = useState<RowAction | null>(null);
  const [menu, setMenu] = useState<MenuState>('closed');
  const resumer = useResumeRun(run);
  const onMenuChange = useCallback((isOpen: boolean) => setMenu(isOpen ? 'open' : 'closed'), []);

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
  const resume = (): Promise<void> => act('resume', resumer.resume);
  const startNow = (): Promise<void> =>
    act('start', async () => {
      const askedAt = runsStore.getState().pushCount;
      receiveRunFetched(await api.call('runs.startNow', { id: run.id }), askedAt);
    });
  const stop = (when: StopWhen): Promise<void> =>
    act('stop', async () => {
      const askedAt = runsStore.getState().pushCount;
      receiveRunFetched(await api.call('runs.stop', when === 'iteration' ? { id: run.id, after: 'iteration' } : { id: run.id }), askedAt);
      setMenu('closed');
    });
  const exportRun = (): Promise<void> =>
    act('export', async () => downloadJson(bundleFileName(run.name, run.id), await api.call('runs.export', { id: run.id })));
  const deleteRun = (): Promise<void> =>
    act('delete', async () => {
      setMenu('closed');
      await api.call('runs.delete', { id: run.id });
      await refreshRuns(api);
    });

  const isBusy = busy !== null;
  const label = (verb: string): string => `${verb} ${run.name}`;
  const waitsForPerson = needsPerson(run);
  return (
    <div className="row-actions">
      {run.status === 'queued' ? (
        <button type="button" className="button-small" aria-label={`Run ${run.name} anyway`} disabled={isBusy} onClick={() => void startNow()}>
          Run anyway
        </button>
      ) : waitsForPerson ? (
        <a className="button-link button-small" href={hrefFor({ page: 'run', runId: run.id })} aria-label={label('Review')}>
          Review
        </a>
      ) : canPause(run) ? (
        <button type="button" className="button-small" aria-label={label('Pause')} disabled={isBusy} onClick={() => void pause()}>
          Pause
        </button>
      ) : (
        canResume(run) && (
          <button type="button" className="button-small" aria-label={label('Resume')} disabled={isBusy} onClick={() => void resume()}>
            Resume
          </button>
        )
      )}
      <RowMenu label={`More actions for ${run.name}`} isOpen={menu !== 'closed'} onOpenChange={onMenuChange}>
        {menu === 'confirm-stop' ? (
          <StopChoice
            runName={run.name}
            offerAfterIteration={canStopAfterIteration(run)}
            disabled={isBusy}
            compact
            onChoose={(when) => void stop(when)}
            onCancel={() => setMenu('open')}
          />
        ) : menu === 'confirm-delete' ? (
          <span className="confirm-inline" role="group" aria-label={`Delete ${run.name}?`}>
            <button type="button" className="button-small button-danger" disabled={isBusy} onClick={() => void deleteRun()}>
              Yes, delete
            </button>
            <button type="button" className="button-small" onClick={() => setMenu('open')}>
              Cancel
            </button>
          </span>
        ) : (
          <>
            {needsLimitsToResume(run) && <ExtendLimitsButton run={run} disabled={isBusy} />}
            {waitsForPerson && canPause(run) && (
              <button type="button" className="button-small" aria-label={label('Pause')} disabled={isBusy} onClick={() => void pause()}>
                Pause
              </button>
            )}
            {waitsForPerson && canResume(run) && (
              <button type="button" className="button-small" aria-label={label('Resume')} disabled={isBusy} onClick={() => void resume()}>
                Resume
              </button>
            )}
            <button type="button" className="button-small" aria-label={label('Export')} disabled={isBusy} onClick={() => void exportRun()}>
              Export
            </button>
            <button
              type="button"
              className="button-small"
              aria-label={label('Delete')}
              disabled={isBusy || !canDelete(run)}
              title={!canDelete(run) ? 'Stop the run before deleting it' : 'Delete the run and its log'}
              onClick={() => setMenu('confirm-delete')}
            >
              Delete
            </button>
            {run.status !== 'ended' && (
              <button
                type="button"
                className="button-small button-danger row-stop"
                aria-label={label('Stop')}
                disabled={isBusy || !canStop(run)}
                title="Asks first: stop after this iteration, or now"
                onClick={() => setMenu('confirm-stop')}
              >
                Stop
              </button>
            )}
          </>
        )}
      </RowMenu>
      {resumer.dialog}
    </div>
  );
}
