import { type IpcRendererEvent, contextBridge, ipcRenderer } from 'electron';
import type { ApiMethod, ApiParams, ApiPushEvent, ApiResponse, ApiResult } from '../shared/api';

/** Hash routes main may send (`#/runs/<id>`, `#/approvals` …); anything else is dropped. */
const ROUTE_PATTERN = /^#\/[A-Za-z0-9/_%.-]{0,200}$/;

// Main asks for a page (a tray item, a notification, a deep link). Setting the hash from here
// reaches the page's router through `hashchange`, so the renderer needs no code for it.
ipcRenderer.on('app:navigate', (_event: IpcRendererEvent, route: unknown) => {
  if (typeof route === 'string' && ROUTE_PATTERN.test(route)) window.location.hash = route;
});

// Sandboxed preload: it only bridges. The renderer never sees ipcRenderer itself (STYLE R8).
const bridge = {
  call: <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResponse<ApiResult<M>>> =>
    ipcRenderer.invoke(`api:${method}`, params),
  onEvent: (listener: (event: ApiPushEvent) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, pushed: ApiPushEvent): void => listener(pushed);
    ipcRenderer.on('api:event', forward);
    return () => void ipcRenderer.off('api:event', forward);
  },
  /** Opens the native folder dialog; resolves with the chosen folder, or null when cancelled. */
  pickFolder: (current: string): Promise<string | null> => ipcRenderer.invoke('app:pick-folder', current),
  /** Called with each hash route main opened (after the hash is already set), for a renderer that wants to react. */
  onNavigate: (listener: (route: string) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, route: unknown): void => {
      if (typeof route === 'string' && ROUTE_PATTERN.test(route)) listener(route);
    };
    ipcRenderer.on('app:navigate', forward);
    return () => void ipcRenderer.off('app:navigate', forward);
  },
};

/** The type of `window.autoloop` in the Electron window. */
export type AutoloopBridge = typeof bridge;

contextBridge.exposeInMainWorld('autoloop', bridge);
