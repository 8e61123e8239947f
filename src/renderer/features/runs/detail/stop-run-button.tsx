import { useEffect, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import type { RunId } from '../../../../shared/records';
import { canStop, canStopAfterIteration } from '../../../../shared/run-actions';
import { useApiClient } from '../../../api/api-context';
import { receiveRunFetched, runsStore, useRunsStore } from '../runs-store';
import { StopChoice, type StopWhen } from '../stop-choice';

/**
 * "Stop", shown while the run has a live process or is paused, set apart from the other controls. It asks first:
 * "Stop after this iteration" or "Stop now". The engine's refusal is shown next to it.
 */
export function StopRunButton({ runId }: Readonly<{ runId: RunId }>) {
  const api = useApiClient();
  const run = useRunsStore((state) => state.byId[runId]);
  const status = run?.status;
  const [error, setError] = useState<string | null>(null);
  const [isStopping, setStopping] = useState(false);
  const [isConfirming, setConfirming] = useState(false);
  const [isStopAfterAsked, setStopAfterAsked] = useState(false);
  // A new status means the run moved on (it ended, or paused): what was asked is settled.
  useEffect(() => setStopAfterAsked(false), [status]);
  if (run === undefined || status === undefined || status === 'ended') return null;

  const stop = async (when: StopWhen): Promise<void> => {
    setError(null);
    setStopping(true);
    const askedAt = runsStore.getState().pushCount;
    try {
      const changed = await api.call('runs.stop', when === 'iteration' ? { id: runId, after: 'iteration' } : { id: runId });
      receiveRunFetched(changed, askedAt);
      setConfirming(false);
      if (when === 'iteration') setStopAfterAsked(true);
    } catch (failure) {
      setError(`Could not stop the run: ${messageOf(failure)}`);
    } finally {
      setStopping(false);
    }
  };

  return (
    <div className="run-actions run-stop">
      {isConfirming ? (
        <StopChoice
          runName={run.name}
          offerAfterIteration={canStopAfterIteration(run) && !isStopAfterAsked}
          disabled={isStopping}
          onChoose={(when) => void stop(when)}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button
          type="button"
          className="button-danger"
          onClick={() => setConfirming(true)}
          disabled={isStopping || !canStop({ status })}
          title={isStopAfterAsked ? 'The run stops after this iteration; Stop again to stop it now' : 'Asks first: stop after this iteration, or now'}
        >
          Stop
        </button>
      )}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </div>
  );
}
