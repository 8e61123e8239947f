import { type IpcMainInvokeEvent, ipcMain } from 'electron';
import { type ApiHandlers, apiMethodNames } from '../shared/api';
import { dispatch } from '../core/api/dispatch';
import type { Logger } from '../core/logger';

/** Serves every API method on `api:<method>`; only Autoloop's own windows may call (STYLE R8). */
export function setupApiIpc(handlers: ApiHandlers, isOwnWindow: (event: IpcMainInvokeEvent) => boolean, log: Logger): () => void {
  for (const method of apiMethodNames) {
    ipcMain.handle(`api:${method}`, (event, params: unknown) =>
      isOwnWindow(event)
        ? dispatch(handlers, method, params, log)
        : { ok: false, error: { code: 'forbidden', message: `${method}: the caller is not an Autoloop window` } },
    );
  }
  return () => apiMethodNames.forEach((method) => ipcMain.removeHandler(`api:${method}`));
}
