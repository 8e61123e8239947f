import type { BrowserWindowConstructorOptions } from 'electron';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, type RestoredWindowState } from './window-bounds';

/** The main window's options: an isolated, sandboxed renderer with no Node (DESIGN §11). */
export function mainWindowOptions(preloadPath: string, restored?: RestoredWindowState, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    ...(restored?.bounds ?? DEFAULT_WINDOW_SIZE),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Autoloop',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  };
}

/** Whether the window may navigate to a URL: only to the app's own page. */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname;
  } catch {
    return false;
  }
}
