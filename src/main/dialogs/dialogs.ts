import { type BrowserWindow, dialog } from 'electron';
import type { ShellStateFeed } from '../shell-state/shell-state-feed';
import { isPendingApproval } from '../shell-state/shell-state';
import { type ApprovalDialogAnswer, approvalDialogAnswer, approvalDialogOptions, nextDialogApproval } from './approval-dialog-options';

/** What the dialogs need: the setting, the parent window, and how to answer. */
export type ApprovalDialogDeps = Readonly<{
  isEnabled(): boolean;
  window(): BrowserWindow | null;
  decideApproval(approvalId: string, answer: ApprovalDialogAnswer): void;
  /** A remote engine's name, said in the dialog; absent for this app's own. */
  engine?: string;
}>;

/**
 * Asks pending approvals in native dialogs, one at a time, oldest first (glue; options in
 * approval-dialog-options.ts). A request answered elsewhere closes its dialog through its signal.
 */
export function setupApprovalDialogs(feed: ShellStateFeed, deps: ApprovalDialogDeps): () => void {
  const shownIds = new Set<string>();
  let open: Readonly<{ approvalId: string; controller: AbortController }> | null = null;
  const showNext = (): void => {
    const parent = deps.window();
    const state = feed.current();
    const approval = nextDialogApproval(state.approvals, shownIds);
    if (open || !deps.isEnabled() || !parent || !approval) return;
    shownIds.add(approval.id);
    const controller = new AbortController();
    open = { approvalId: approval.id, controller };
    // Always attached to the window: on macOS a dialog without a parent blocks the main process
    // (and the engine in it) and ignores its signal.
    if (!parent.isVisible()) parent.showInactive();
    const options = {
      ...approvalDialogOptions(
        approval,
        state.runs.find((run) => run.id === approval.runId),
        deps.engine,
      ),
      signal: controller.signal,
    };
    void dialog.showMessageBox(parent, options).then(({ response }) => {
      open = null;
      // Closed because the request was answered elsewhere: that close is not a denial.
      if (!controller.signal.aborted) deps.decideApproval(approval.id, approvalDialogAnswer(response));
      showNext();
    });
  };
  const unsubscribe = feed.subscribe(({ state }) => {
    if (open && !isPendingApproval(state, open.approvalId)) open.controller.abort();
    for (const id of shownIds) if (!isPendingApproval(state, id) && id !== open?.approvalId) shownIds.delete(id);
    showNext();
  });
  showNext();
  return () => {
    unsubscribe();
    open?.controller.abort();
  };
}
