import { useCallback, useEffect, useRef, useState } from 'react';
import { useRunsStore } from '../runs/runs-store';
import { ApprovalCard, type ApprovalCardHandle } from './approval-card';
import { ApprovalHistory } from './approval-history';
import { type ApprovalSelection, approvalKeyAction, moveSelection, selectedIndex } from './approval-keys';
import { useApprovalsStore } from './approvals-store';
import { assertNever } from '../../../shared/assert';

/** Binds the page's shortcuts to the document while the page is shown; typing in a field never triggers them. */
function useApprovalShortcuts(
  ids: ReadonlyArray<string>,
  selection: ApprovalSelection,
  select: (next: ApprovalSelection) => void,
  selectedCard: Readonly<{ current: ApprovalCardHandle | null }>,
): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const action = approvalKeyAction(event);
      if (action === null || ids.length === 0) return;
      // Also keeps the `d` from being typed into the reason field that it focuses.
      event.preventDefault();
      switch (action) {
        case 'allow_once':
          return selectedCard.current?.allowOnce();
        case 'allow_run':
          return selectedCard.current?.allowForRun();
        case 'deny':
          return selectedCard.current?.startDeny();
        case 'next':
          return select(moveSelection(ids, selection, 1));
        case 'previous':
          return select(moveSelection(ids, selection, -1));
        default:
          return assertNever(action, 'approval key action');
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [ids, selection, select, selectedCard]);
}

/** Every pending request across runs, oldest first, answerable by mouse or keyboard; the history below. */
export function ApprovalsPage({ loadError }: Readonly<{ loadError: string | null }>) {
  const byId = useApprovalsStore((state) => state.byId);
  const pendingIds = useApprovalsStore((state) => state.pendingIds);
  const isLoaded = useApprovalsStore((state) => state.loaded);
  const runsById = useRunsStore((state) => state.byId);
  const [selection, setSelection] = useState<ApprovalSelection>({ id: null, index: 0 });
  const selectedCard = useRef<ApprovalCardHandle | null>(null);
  const shouldFocusSelected = useRef(false);
  const selected = selectedIndex(pendingIds, selection);

  const select = useCallback((next: ApprovalSelection): void => {
    shouldFocusSelected.current = true;
    setSelection(next);
  }, []);
  useApprovalShortcuts(pendingIds, selection, select, selectedCard);

  useEffect(() => {
    if (!shouldFocusSelected.current) return;
    shouldFocusSelected.current = false;
    selectedCard.current?.focus();
  }, [selection]);

  return (
    <section className="page" aria-labelledby="approvals-heading">
      <div className="page-header">
        <h1 id="approvals-heading">Approvals</h1>
      </div>
      {loadError && (
        <p role="alert" className="alert">
          {loadError}
        </p>
      )}
      <p className="muted shortcuts">
        Keys: <kbd>a</kbd> allow once · <kbd>r</kbd> allow for this run · <kbd>d</kbd> deny (Enter confirms) · <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/
        <kbd>↑</kbd> move
      </p>
      {!isLoaded && !loadError && <p className="muted">Loading approval requests…</p>}
      {isLoaded && pendingIds.length === 0 && (
        <div className="empty-state">
          <p>Nothing is waiting for you</p>
        </div>
      )}
      {pendingIds.length > 0 && (
        <ul className="approval-list" aria-label="Pending approval requests" data-testid="approvals-inbox">
          {pendingIds.map((id, index) => {
            const approval = byId[id];
            if (!approval) return null;
            const isSelected = index === selected;
            return (
              <li key={id}>
                <ApprovalCard
                  approval={approval}
                  runName={runsById[approval.runId]?.name ?? approval.runId}
                  isSelected={isSelected}
                  onSelect={() => {
                    if (!isSelected) setSelection({ id, index });
                  }}
                  ref={isSelected ? selectedCard : undefined}
                />
              </li>
            );
          })}
        </ul>
      )}
      <ApprovalHistory />
    </section>
  );
}
