import type { MenuItemConstructorOptions } from 'electron';

/** What the app menu's own items do. */
export type AppMenuActions = Readonly<{
  newRun(): void;
  showRuns(): void;
  showApprovals(): void;
  showSettings(): void;
  quit(): void;
}>;

/** What the menu needs to know about the app. */
export type AppMenuOptions = Readonly<{
  appName: string;
  /** Reload and the developer tools only in development builds. */
  isDev: boolean;
}>;

const separator: MenuItemConstructorOptions = { type: 'separator' };

function editMenu(): MenuItemConstructorOptions {
  // Without these roles, copy and paste do not work in text fields on macOS.
  return {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
}

function viewMenu(actions: AppMenuActions, isDev: boolean): MenuItemConstructorOptions {
  const devItems: MenuItemConstructorOptions[] = isDev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator] : [];
  return {
    label: 'View',
    submenu: [
      { label: 'Runs', accelerator: 'CmdOrCtrl+1', click: actions.showRuns },
      { label: 'Approvals', accelerator: 'CmdOrCtrl+2', click: actions.showApprovals },
      separator,
      ...devItems,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
}

/**
 * The application menu (pure): New run (Cmd/Ctrl+N), Runs, Approvals, Settings, Quit, the usual
 * Edit and Window menus; on macOS the app's own menu comes first and holds Settings and Quit.
 */
export function buildAppMenu(platform: NodeJS.Platform, actions: AppMenuActions, options: AppMenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const settings: MenuItemConstructorOptions = { label: isMac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: actions.showSettings };
  const quit: MenuItemConstructorOptions = { label: `Quit ${options.appName}`, accelerator: 'CmdOrCtrl+Q', click: actions.quit };
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: options.appName,
          submenu: [
            { role: 'about' },
            separator,
            settings,
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            quit,
          ],
        },
      ]
    : [];
  const fileMenu: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New run', accelerator: 'CmdOrCtrl+N', click: actions.newRun },
      separator,
      ...(isMac ? [{ role: 'close' } as const] : [settings, separator, { role: 'close' } as const, quit]),
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: isMac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  return [...appMenu, fileMenu, editMenu(), viewMenu(actions, options.isDev), windowMenu];
}
