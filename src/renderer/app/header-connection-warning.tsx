import { useEffect, useState } from 'react';
import { useApiClient } from '../api/api-context';

/**
 * The server's own warning about how it is reached (issue #25): a server listening for other
 * machines without TLS says "unencrypted: use TLS or an SSH tunnel", in the header of every page.
 */
export function HeaderConnectionWarning() {
  const api = useApiClient();
  const [warning, setWarning] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    api.call('system.info', {}).then(
      (info) => isCurrent && setWarning(info.connectionWarning ?? null),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [api]);
  if (warning === null) return null;
  return (
    <span
      className="header-count header-attention"
      role="status"
      data-testid="connection-warning"
      title="Anyone on the network path can read the token and everything else"
    >
      {warning}
    </span>
  );
}
