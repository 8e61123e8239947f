import { ipcMain } from 'electron';
import { type ApiMethod, type ApiResponse, apiMethodNames } from '../shared/api';
import type { IpcSender } from './security/ipc-sender';

/**
 * Serves every API method on `api:<method>` (STYLE R8): only senders `isTrusted` accepts (our
 * window on our page, see ipc-sender.ts) may call. `call` sends it to the engine the window shows
 * (remote-engines/engine-router.ts): this app's own through `dispatch()`, which validates every
 * payload, or a remote one over main's link, whose engine validates it.
 */
export function setupApiIpc(
  call: (method: ApiMethod, params: unknown) => Promise<ApiResponse<unknown>>,
  isTrusted: (sender: IpcSender) => boolean,
): () => void {
  for (const method of apiMethodNames) {
    ipcMain.handle(`api:${method}`, (event, params: unknown) =>
      isTrusted({ senderId: event.sender.id, senderFrameUrl: event.senderFrame?.url ?? null })
        ? call(method, params)
        : { ok: false, error: { code: 'forbidden', message: `${method}: the caller is not an Autoloop window` } },
    );
  }
  return () => apiMethodNames.forEach((method) => ipcMain.removeHandler(`api:${method}`));
}
