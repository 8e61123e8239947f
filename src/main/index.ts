import { BrowserWindow, app } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEngine } from '../core/create-engine';
import { createConsoleLogger } from '../core/logger';
import { setupApiIpc } from './api-ipc';
import { createElectronRunnerHost } from './electron-runner-host';
import { isAllowedNavigation, mainWindowOptions } from './windows/main-window-options';

// The composition root of the Electron shell: glue only; every decision lives in core or a pure module.
const log = createConsoleLogger('autoloop-main');
const appRoot = app.getAppPath();

if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;
let quitting = false;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(appRoot, 'out', 'preload', 'index.cjs')));
  const pageUrl = pathToFileURL(join(appRoot, 'out', 'renderer', 'index.html')).toString();
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // Closing the window hides it: runs keep going (DESIGN §4).
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pageUrl);
  return window;
}

void app.whenReady().then(() => {
  const engine = createEngine({
    dataDir: app.getPath('userData'),
    resourcesDir: join(appRoot, 'resources'),
    host: createElectronRunnerHost(join(appRoot, 'out', 'main', 'runner.js')),
    log,
    shell: 'electron',
    version: app.getVersion(),
  });
  mainWindow = createMainWindow();
  const isOwnWindow = (event: Electron.IpcMainInvokeEvent): boolean => event.sender === mainWindow?.webContents;
  setupApiIpc(engine.api, isOwnWindow, log);
  engine.bus.subscribe((event) => mainWindow?.webContents.send('api:event', event));

  app.on('second-instance', () => {
    mainWindow?.show();
    mainWindow?.focus();
  });
  app.on('activate', () => mainWindow?.show());
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Quitting pauses every active run (shutdown) so each resumes with one click (DESIGN §4).
    event.preventDefault();
    quitting = true;
    void engine.close().finally(() => app.quit());
  });
});
