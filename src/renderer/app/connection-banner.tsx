import { useConnectionStore } from '../api/connection-store';

/** Says so while the window has lost the engine; silent otherwise. */
export function ConnectionBanner() {
  const status = useConnectionStore((state) => state.status);
  const retryInMs = useConnectionStore((state) => state.retryInMs);
  if (status !== 'reconnecting') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      <strong>Reconnecting…</strong>{' '}
      <span>
        The connection to Autoloop was lost{retryInMs === null ? '' : `; next try in ${Math.round(retryInMs / 1_000)} s`}. Runs keep going on the engine. If
        this keeps happening, open the URL that <code>autoloop serve</code> printed (it carries the access token).
      </span>
    </div>
  );
}
