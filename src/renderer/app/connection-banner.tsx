import { useConnectionStore } from '../api/connection-store';

/**
 * Says so while the window has lost the engine; silent otherwise. It never claims the runs keep
 * going: a dropped connection leaves them running, but a stopped Autoloop paused them.
 */
export function ConnectionBanner() {
  const status = useConnectionStore((state) => state.status);
  const retryInMs = useConnectionStore((state) => state.retryInMs);
  if (status === 'refused') {
    return (
      <div className="connection-banner connection-banner-refused" role="alert" data-testid="connection-banner">
        <strong>Autoloop was restarted with a new access token.</strong>{' '}
        <span>
          This page can no longer reach it. Open the URL that <code>autoloop serve</code> printed (it carries the new token; it is also in{' '}
          <code>server.json</code> in the data folder). Runs it paused when it stopped wait for you there.
        </span>
      </div>
    );
  }
  if (status !== 'reconnecting') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      <strong>Reconnecting…</strong>{' '}
      <span>
        The connection to Autoloop was lost{retryInMs === null ? '' : `; next try in ${Math.round(retryInMs / 1_000)} s`}. What this page shows is as last seen.
        If only the connection dropped, runs keep going; if Autoloop stopped, it paused them, and they wait for you to resume them once it is back.
      </span>
    </div>
  );
}
