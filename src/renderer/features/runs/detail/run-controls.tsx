import { useEffect, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import type { Run } from '../../../../shared/records';
import { canPause, canResume, isCrashed } from '../../../../shared/run-actions';
import { useApiClient } from '../../../api/api-context';
import { hrefFor } from '../../../app/routes';
import { useResumeRun } from '../confirm-import-dialog';
import { bundleFileName, downloadJson } from '../run-bundle-file';
import { receiveRunFetched, runsStore } from '../runs-store';
import { StopRunButton } from './stop-run-button';

type Action = 'pause' | 'resume' | 'export' | 'start' | 'dequeue';

const ACTION_WORDS: Readonly<Record<Action, string>> = { pause: 'pause', resume: 'resume', export: 'export', start: 'start', dequeue: 'remove from the queue' };

/** The run's actions: Run anyway or Remove from queue (a queued run), Pause or Resume (also after a crash), Run again (once it ended), Export, and Stop; the engine's refusal is shown below them. */
export function RunControls({ run }: Readonly<{ run: Run }>) {
  const api = useApiClient();
  const [busy, setBusy] = useState<Action | null>(null);
  const [isPauseRequested, setPauseRequested] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resumer = useResumeRun(run);

  // A new status means the requested pause happened (or the run ended): the button may be offered again.
  useEffect(() => setPauseRequested(false), [run.status]);

  const act = async (action: Action, call: () => Promise<void>): Promise<void> => {
    setBusy(action);
    setError(null);
    try {
      await call();
    } catch (failure) {
      setError(`Could not ${ACTION_WORDS[action]} the run: ${messageOf(failure)}`);
    } finally {
      setBusy(null);
    }
  };
  const pauseRun = (): Promise<void> =>
    act('pause', async () => {
      const askedAt = runsStore.getState().pushCount;
      receiveRunFetched(await api.call('runs.pause', { id: run.id }), askedAt);
      setPauseRequested(true);
    });
  /** "Run anyway" starts a queued run over the cap; "Remove from queue" ends it without starting (`user_stop`). */
  const leaveQueue = (action: 'start' | 'dequeue'): Promise<void> =>
    act(action, async () => {
      const askedAt = runsStore.getState().pushCount;
      receiveRunFetched(await api.call(action === 'start' ? 'runs.startNow' : 'runs.dequeue', { id: run.id }), askedAt);
    });
  const exportRun = (): Promise<void> =>
    act('export', async () => downloadJson(bundleFileName(run.name, run.id), await api.call('runs.export', { id: run.id })));

  return (
    <div className="run-controls">
      <div className="run-buttons">
        {run.status === 'queued' && (
          <>
            <button
              type="button"
              className="button-primary"
              onClick={() => void leaveQueue('start')}
              disabled={busy !== null}
              title="Start it now, over the concurrency cap"
            >
              Run anyway
            </button>
            <button type="button" onClick={() => void leaveQueue('dequeue')} disabled={busy !== null} title="End it without starting it">
              Remove from queue
            </button>
          </>
        )}
        {canPause(run) && (
          <button
            type="button"
            onClick={() => void pauseRun()}
            disabled={busy !== null || isPauseRequested}
            title="The run pauses when the current iteration finishes"
          >
            Pause
          </button>
        )}
        {canResume(run) && (
          <button
            type="button"
            className="button-primary"
            onClick={() => void act('resume', resumer.resume)}
            disabled={busy !== null}
            title={isCrashed(run) ? 'Start a new runner from the last checkpoint; the iterations go on from there' : undefined}
          >
            Resume
          </button>
        )}
        {run.status === 'ended' && (
          <a className="button-link" href={hrefFor({ page: 'new', againRunId: run.id })} data-testid="run-again">
            Run again with these settings
          </a>
        )}
        <button type="button" onClick={() => void exportRun()} disabled={busy !== null} title="Download the run as a bundle file">
          Export
        </button>
        <StopRunButton runId={run.id} />
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      {resumer.dialog}
    </div>
  );
}
