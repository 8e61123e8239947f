import type { Run } from '../../../../shared/records';
import { useRunDetailStore } from '../run-detail-store';

/** Whether a run ended in a way that leaves crash details (exit code, signal, the runner's last output). */
export function hasCrashDetails(run: Pick<Run, 'stopReason'>): boolean {
  return run.stopReason === 'crash' || run.stopReason === 'spawn_failed';
}

/**
 * What the engine recorded when the runner crashed or failed to start: exit code, signal and the
 * tail of its stderr (from the run's `error` event; the run's detail when the log no longer has it).
 */
export function CrashDetails({ run }: Readonly<{ run: Run }>) {
  const crash = useRunDetailStore((state) => state.log.crash);
  // The buffer changes in place; the version makes this panel read it again.
  useRunDetailStore((state) => state.logVersion);
  if (!hasCrashDetails(run)) return null;
  return (
    <details className="panel crash-panel" open data-testid="crash-details">
      <summary>
        <h2>{run.stopReason === 'spawn_failed' ? 'Why the runner did not start' : 'Crash details'}</h2>
      </summary>
      {crash ? (
        <>
          <dl className="facts">
            <div>
              <dt>Exit code</dt>
              <dd data-testid="crash-exit-code">{crash.exitCode ?? 'none'}</dd>
            </div>
            <div>
              <dt>Signal</dt>
              <dd data-testid="crash-signal">{crash.signal ?? 'none'}</dd>
            </div>
          </dl>
          {crash.message && <p>{crash.message}</p>}
          <h3 className="crash-tail-heading">Last output of the runner (stderr)</h3>
          <pre className="crash-tail" data-testid="crash-stderr" tabIndex={0}>
            {crash.stderrTail.trim() || '(nothing)'}
          </pre>
        </>
      ) : (
        <pre className="crash-tail" tabIndex={0}>
          {run.detail ?? 'The engine recorded no details.'}
        </pre>
      )}
    </details>
  );
}
