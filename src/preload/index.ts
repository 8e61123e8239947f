import { type IpcRendererEvent, contextBridge, ipcRenderer } from 'electron';
import type { AutoloopBridge } from '../shared/preload-bridge';

/** Hash routes main may send (`#/runs/<id>`, `#/approvals` …); anything else is dropped. */
const ROUTE_PATTERN = /^#\/[A-Za-z0-9/_%.-]{0,200}$/;

// Main asks for a page (a tray item, a notification, a deep link). Setting the hash from here
// reaches the page's router through `hashchange`, so the renderer needs no code for it.
ipcRenderer.on('app:navigate', (_event: IpcRendererEvent, route: unknown) => {
  if (typeof route === 'string' && ROUTE_PATTERN.test(route)) window.location.hash = route;
});

// Sandboxed preload: it only bridges. The renderer never sees ipcRenderer itself (STYLE R8).
const bridge: AutoloopBridge = {
  call: (method, params) => ipcRenderer.invoke(`api:${method}`, params),
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, pushed: unknown): void => listener(pushed);
    ipcRenderer.on('api:event', forward);
    return () => void ipcRenderer.off('api:event', forward);
  },
  pickFolder: (current) => ipcRenderer.invoke('app:pick-folder', current),
  // Main holds the remote engines' tokens; the page only ever sees names, addresses and states.
  engines: {
    list: () => ipcRenderer.invoke('engines:list'),
    add: (input) => ipcRenderer.invoke('engines:add', input),
    update: (input) => ipcRenderer.invoke('engines:update', input),
    retry: (name) => ipcRenderer.invoke('engines:retry', name),
    remove: (name) => ipcRenderer.invoke('engines:remove', name),
    cliImportPlan: () => ipcRenderer.invoke('engines:cli-plan'),
    importFromCli: (names) => ipcRenderer.invoke('engines:cli-import', [...names]),
    select: (name) => ipcRenderer.invoke('engines:select', name),
    onChange: (listener) => {
      const forward = (): void => listener();
      ipcRenderer.on('engines:changed', forward);
      return () => void ipcRenderer.off('engines:changed', forward);
    },
  },
};

contextBridge.exposeInMainWorld('autoloop', bridge);
