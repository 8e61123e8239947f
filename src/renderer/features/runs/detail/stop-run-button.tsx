import { useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import type { RunId } from '../../../../shared/records';
import { canStop } from '../../../../shared/run-actions';
import { useApiClient } from '../../../api/api-context';
import { receiveRunFetched, runsStore, useRunsStore } from '../runs-store';

/** "Stop", shown while the run has a live process or is paused; the engine's refusal is shown next to it. */
export function StopRunButton({ runId }: Readonly<{ runId: RunId }>) {
  const api = useApiClient();
  const status = useRunsStore((state) => state.byId[runId]?.status);
  const [error, setError] = useState<string | null>(null);
  const [isStopping, setStopping] = useState(false);
  if (status === undefined || status === 'ended') return null;

  const stop = async (): Promise<void> => {
    setError(null);
    setStopping(true);
    const askedAt = runsStore.getState().pushCount;
    try {
      receiveRunFetched(await api.call('runs.stop', { id: runId }), askedAt);
    } catch (failure) {
      setError(`Could not stop the run: ${messageOf(failure)}`);
    } finally {
      setStopping(false);
    }
  };

  return (
    <div className="run-actions">
      <button type="button" className="button-danger" onClick={() => void stop()} disabled={isStopping || !canStop({ status })}>
        Stop
      </button>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </div>
  );
}
