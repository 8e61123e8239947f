import { type BrowserWindow, dialog } from 'electron';
import type { ApprovalDialogAnswer } from './approval-dialog-options';
import { type ApprovalDialogQueue, createApprovalDialogQueue } from './approval-dialog-queue';

/** What the dialogs need: the setting, the parent window, and how to answer on each engine. */
export type ApprovalDialogDeps = Readonly<{
  isEnabled(): boolean;
  window(): BrowserWindow | null;
  /** Answers a request on the engine that asked (null: this app's own). */
  decideApproval(engine: string | null, approvalId: string, answer: ApprovalDialogAnswer): void;
}>;

/**
 * The one queue of native approval dialogs for every engine (glue; the queue is approval-dialog-queue.ts,
 * the options approval-dialog-options.ts). Each engine's feed is added with `watch`.
 */
export function setupApprovalDialogs(deps: ApprovalDialogDeps): ApprovalDialogQueue {
  return createApprovalDialogQueue({
    canShow: () => deps.isEnabled() && deps.window() !== null,
    async show(options, signal) {
      const parent = deps.window();
      // canShow checked it; a window closed in between gets no dialog, and the request is answered in the window instead.
      if (!parent) return new Promise<number>((_resolve, reject) => reject(new Error('no window')));
      // Always attached to the window: on macOS a dialog without a parent blocks the main process
      // (and the engine in it) and ignores its signal.
      if (!parent.isVisible()) parent.showInactive();
      const { response } = await dialog.showMessageBox(parent, { ...options, signal });
      return response;
    },
    decide: deps.decideApproval,
  });
}
