import { type BrowserWindow, app, dialog } from 'electron';
import type { Run } from '../shared/records';
import { isQuitConfirmed, quitConfirmation } from './tray/quit-confirmation';

/** What the quit flow needs: the runs, the window, and the engine's shutdown. */
export type QuitFlowDeps = Readonly<{
  runs(): ReadonlyArray<Run>;
  window(): BrowserWindow | null;
  /** Pauses the runs, closes the database; the app quits when it settles. */
  shutDown(): Promise<void>;
}>;

/**
 * Quitting asks first while runs are active (they will be paused, not lost), then shuts the
 * engine down before the process ends (glue; the question is built in quit-confirmation.ts).
 */
export function setupQuitFlow(deps: QuitFlowDeps): () => void {
  let isShuttingDown = false;
  const onBeforeQuit = (event: Electron.Event): void => {
    if (isShuttingDown) return;
    event.preventDefault();
    const question = quitConfirmation(deps.runs());
    const parent = deps.window();
    // A sheet on a hidden window would be invisible; then the question gets its own window.
    const asked = !question
      ? Promise.resolve({ response: 0 })
      : parent?.isVisible()
        ? dialog.showMessageBox(parent, question)
        : dialog.showMessageBox(question);
    void asked.then(({ response }) => {
      if (question && !isQuitConfirmed(response)) return;
      isShuttingDown = true;
      void deps.shutDown().finally(() => app.quit());
    });
  };
  app.on('before-quit', onBeforeQuit);
  return () => void app.off('before-quit', onBeforeQuit);
}
