import { type BrowserWindow, dialog, ipcMain } from 'electron';
import type { IpcSender } from '../security/ipc-sender';
import { folderPickerOptions } from './folder-picker-options';

/** Serves `app:pick-folder` (the New run form's "Choose…"): a native folder dialog for our window only. */
export function setupFolderPicker(window: () => BrowserWindow, isTrusted: (sender: IpcSender) => boolean): () => void {
  ipcMain.handle('app:pick-folder', async (event, current: unknown) => {
    if (!isTrusted({ senderId: event.sender.id, senderFrameUrl: event.senderFrame?.url ?? null })) return null;
    const result = await dialog.showOpenDialog(window(), folderPickerOptions(typeof current === 'string' ? current : null));
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
  return () => ipcMain.removeHandler('app:pick-folder');
}
