import { ipcMain } from 'electron';
import { type ApiHandlers, apiMethodNames } from '../shared/api';
import { dispatch } from '../core/api/dispatch';
import type { Logger } from '../core/logger';
import type { IpcSender } from './security/ipc-sender';

/**
 * Serves every API method on `api:<method>` (STYLE R8): only senders `isTrusted` accepts (our
 * window on our page, see ipc-sender.ts) may call, and `dispatch()` validates every payload.
 */
export function setupApiIpc(handlers: ApiHandlers, isTrusted: (sender: IpcSender) => boolean, log: Logger): () => void {
  for (const method of apiMethodNames) {
    ipcMain.handle(`api:${method}`, (event, params: unknown) =>
      isTrusted({ senderId: event.sender.id, senderFrameUrl: event.senderFrame?.url ?? null })
        ? dispatch(handlers, method, params, log)
        : { ok: false, error: { code: 'forbidden', message: `${method}: the caller is not an Autoloop window` } },
    );
  }
  return () => apiMethodNames.forEach((method) => ipcMain.removeHandler(`api:${method}`));
}
