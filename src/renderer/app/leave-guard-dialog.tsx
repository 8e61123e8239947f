import { ModalDialog } from '../ui/modal-dialog';
import { leaveAnyway, stayOnPage, useLeaveGuardStore } from './leave-guard';

/** The in-app question when a person moves away from unsaved work: Stay (the default, also Esc) or leave without saving. */
export function LeaveGuardDialog() {
  const pendingHash = useLeaveGuardStore((state) => state.pendingHash);
  const what = useLeaveGuardStore((state) => state.guard?.what ?? 'your changes');
  return (
    <ModalDialog isOpen={pendingHash !== null} title="Leave without saving?" onClose={stayOnPage} testId="leave-guard-dialog">
      <p>{`${what.charAt(0).toUpperCase()}${what.slice(1)} are not saved. If you leave this page now, they are lost.`}</p>
      <div className="run-buttons">
        <button type="button" className="button-primary" onClick={stayOnPage}>
          Stay on this page
        </button>
        <button type="button" className="button-danger" onClick={leaveAnyway}>
          Leave without saving
        </button>
      </div>
    </ModalDialog>
  );
}
