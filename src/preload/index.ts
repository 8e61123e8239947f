import { type IpcRendererEvent, contextBridge, ipcRenderer } from 'electron';
import type { ApiMethod, ApiParams, ApiPushEvent, ApiResponse, ApiResult } from '../shared/api';

// Sandboxed preload: it only bridges. The renderer never sees ipcRenderer itself (STYLE R8).
const bridge = {
  call: <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResponse<ApiResult<M>>> =>
    ipcRenderer.invoke(`api:${method}`, params),
  onEvent: (listener: (event: ApiPushEvent) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, pushed: ApiPushEvent): void => listener(pushed);
    ipcRenderer.on('api:event', forward);
    return () => void ipcRenderer.off('api:event', forward);
  },
};

/** The type of `window.autoloop` in the Electron window. */
export type AutoloopBridge = typeof bridge;

contextBridge.exposeInMainWorld('autoloop', bridge);
