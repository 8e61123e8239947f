import { dismissNotice, useNoticesStore } from './notices-store';

/** The engine's latest notices, each dismissible. */
export function NoticeList() {
  const notices = useNoticesStore((state) => state.notices);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((notice) => (
        <li key={notice.id} className={`notice notice-${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          <span>{notice.message}</span>
          <button type="button" className="button-small" onClick={() => dismissNotice(notice.id)} aria-label={`Dismiss: ${notice.message}`}>
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
