import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { Run } from '../../../shared/records';
import { useApiClient } from '../../api/api-context';
import { bundleFileName, downloadJson } from './run-bundle-file';
import { receiveRunFetched, runsStore } from './runs-store';
import { StopRunButton } from './stop-run-button';

type Action = 'pause' | 'resume' | 'export';

const ACTION_WORDS: Readonly<Record<Action, string>> = { pause: 'pause', resume: 'resume', export: 'export' };

/** A user's pause takes effect at the next gate, so it is offered only while the run works. */
export function canPause(run: Pick<Run, 'status'>): boolean {
  return run.status === 'running' || run.status === 'waiting_approval';
}

/** A budget pause is resumed through "Extend and resume" (resuming under the same limits would pause again at once). */
export function canResumeAsIs(run: Pick<Run, 'status' | 'pauseReason'>): boolean {
  return run.status === 'paused' && run.pauseReason !== 'budget';
}

/** A budget pause is resumed by raising the limits that paused it ("Extend and resume"). */
export function canExtendAndResume(run: Pick<Run, 'status' | 'pauseReason'>): boolean {
  return run.status === 'paused' && run.pauseReason === 'budget';
}

/** A run whose runner crashed resumes from its last checkpoint under the same id, like a paused one (the engine allows it). */
export function canResumeAfterCrash(run: Pick<Run, 'status' | 'stopReason'>): boolean {
  return run.status === 'ended' && run.stopReason === 'crash';
}

/** The run's actions: Pause or Resume (also after a crash), Export, and Stop; the engine's refusal is shown below them. */
export function RunControls({ run }: Readonly<{ run: Run }>) {
  const api = useApiClient();
  const [busy, setBusy] = useState<Action | null>(null);
  const [isPauseRequested, setPauseRequested] = useState(false);
  const [error, setError] = useState<string | null>(null);

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
  const changeRun = (action: 'pause' | 'resume'): Promise<void> =>
    act(action, async () => {
      const askedAt = runsStore.getState().pushCount;
      receiveRunFetched(await api.call(action === 'pause' ? 'runs.pause' : 'runs.resume', { id: run.id }), askedAt);
      if (action === 'pause') setPauseRequested(true);
    });
  const exportRun = (): Promise<void> => act('export', async () => downloadJson(bundleFileName(run.name, run.id), await api.call('runs.export', { id: run.id })));

  return (
    <div className="run-controls">
      <div className="run-buttons">
        {canPause(run) && (
          <button
            type="button"
            onClick={() => void changeRun('pause')}
            disabled={busy !== null || isPauseRequested}
            title="The run pauses when the current iteration finishes"
          >
            Pause
          </button>
        )}
        {(canResumeAsIs(run) || canResumeAfterCrash(run)) && (
          <button
            type="button"
            className="button-primary"
            onClick={() => void changeRun('resume')}
            disabled={busy !== null}
            title={canResumeAfterCrash(run) ? 'Start a new runner from the last checkpoint; the iterations go on from there' : undefined}
          >
            Resume
          </button>
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
    </div>
  );
}
