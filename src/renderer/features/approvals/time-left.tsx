import { useNow } from '../../ui/use-now';
import { formatTimeLeft } from './approval-text';

/** The countdown ticks once a second. */
const TICK_MS = 1_000;

/** Time left to answer a request before its timeout acts; nothing when it has no deadline. */
export function TimeLeft({ expiresAt }: Readonly<{ expiresAt: string | null }>) {
  const now = useNow(TICK_MS);
  const text = formatTimeLeft(expiresAt, now);
  if (text === null) return null;
  return (
    <span className="approval-time-left" title={expiresAt === null ? undefined : `Expires ${new Date(expiresAt).toLocaleString()}`}>
      {text}
    </span>
  );
}
