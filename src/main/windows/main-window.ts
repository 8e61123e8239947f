import { BrowserWindow } from 'electron';
import type { ApiPushEvent } from '../../shared/api';
import type { AppPaths } from '../app-paths';
import { mainWindowOptions } from './main-window-options';
import type { RestoredWindowState } from './window-bounds';

/** The channel on which main tells the window which page to show; the preload sets the hash route. */
export const NAVIGATE_CHANNEL = 'app:navigate';

/** The one window, and what the rest of the shell does with it. */
export type MainWindow = Readonly<{
  window: BrowserWindow;
  show(): void;
  /** Shows the window on a hash route (`#/runs/<id>`), once the page can receive it. */
  openRoute(route: string): void;
  push(event: ApiPushEvent): void;
  /** From now on closing really closes (the app is quitting). */
  allowClose(): void;
}>;

/** Creates the main window (glue; options and navigation rules in main-window-options.ts). */
export function createMainWindow(paths: AppPaths, restored: RestoredWindowState, iconPath: string, firstRoute: string | null): MainWindow {
  const window = new BrowserWindow(mainWindowOptions(paths.preload, restored, iconPath));
  let isClosable = false;
  let isLoaded = false;
  let pendingRoute = firstRoute;
  // Closing the window hides it: runs keep going, the tray shows them (DESIGN §4).
  window.on('close', (event) => {
    if (isClosable) return;
    event.preventDefault();
    window.hide();
  });
  window.once('ready-to-show', () => {
    if (restored.maximized) window.maximize();
    window.show();
  });
  window.webContents.on('did-start-loading', () => void (isLoaded = false));
  window.webContents.on('did-finish-load', () => {
    isLoaded = true;
    if (pendingRoute) window.webContents.send(NAVIGATE_CHANNEL, pendingRoute);
    pendingRoute = null;
  });
  void window.loadURL(paths.pageUrl);
  const show = (): void => {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  return {
    window,
    show,
    openRoute(route) {
      show();
      if (isLoaded) window.webContents.send(NAVIGATE_CHANNEL, route);
      else pendingRoute = route;
    },
    push(event) {
      if (!window.isDestroyed()) window.webContents.send('api:event', event);
    },
    allowClose: () => void (isClosable = true),
  };
}
