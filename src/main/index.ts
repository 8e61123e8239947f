import { app, dialog, safeStorage, session } from 'electron';
import { dirname, join } from 'node:path';
import { defaultDataDir } from '../core/data-folder/default-data-dir';
import { installLastResort } from '../core/last-resort';
import { createConsoleLogger } from '../core/logger';
import { messageOf } from '../shared/errors';
import { hrefFor } from '../shared/routes';
import { setupApiIpc } from './api-ipc';
import { setupFolderPicker } from './dialogs/folder-picker';
import { setupAppMenu } from './app-menu/app-menu';
import { APP_ID, appPaths } from './app-paths';
import { setupDeepLinks } from './deep-links/deep-links';
import { setupApprovalDialogs } from './dialogs/dialogs';
import { compileCacheDirOf } from '../core/runner-host/runner-host';
import { createElectronRunnerHost } from './electron-runner-host';
import { setupNotifications } from './notifications/notifications';
import { setupQuitFlow } from './quit-flow';
import { type DesktopEngine, startDesktopEngine } from './desktop-engine';
import { isOwnSender } from './security/ipc-sender';
import { createSecretBox, secretStorageWarning } from './security/secret-box';
import { setupNavigationLocks, setupSessionSecurity } from './security/security';
import { createShellCommands } from './shell-state/shell-commands';
import { createShellStateFeed } from './shell-state/shell-state-feed';
import { setupTray } from './tray/tray';
import { createScheduleFeed } from './tray/schedule-feed';
import { type MainWindow, createMainWindow } from './windows/main-window';
import { restoredWindowState, setupWindowState } from './windows/window-state';
import { listAllRuns } from '../shared/list-all-runs';
import { openDesktopEnginesFile } from './remote-engines/desktop-engines-file';
import { createEngineRouter } from './remote-engines/engine-router';
import { setupEnginesIpc } from './remote-engines/engines-ipc';
import { createRemoteShells } from './remote-engines/remote-shells';

// The composition root of the Electron shell: glue only; every decision lives in core or a pure module.
const log = createConsoleLogger('autoloop-main');
// Tests (and a second profile) get their own user data folder: database, window place, settings, lock.
if (process.env.AUTOLOOP_USER_DATA_DIR) app.setPath('userData', process.env.AUTOLOOP_USER_DATA_DIR);
// The data folder the `autoloop` command uses too; a test profile keeps everything in its own folder.
const dataDir = process.env.AUTOLOOP_USER_DATA_DIR ?? defaultDataDir();
const paths = appPaths({ mainDir: import.meta.dirname, isPackaged: app.isPackaged, resourcesPath: process.resourcesPath });

let mainWindow: MainWindow | null = null;
let firstRoute: string | null = null;

function openRoute(route: string): void {
  if (mainWindow) mainWindow.openRoute(route);
  else firstRoute = route;
}

async function startEngine(): Promise<DesktopEngine | null> {
  try {
    return await startDesktopEngine({
      dataDir,
      legacyDir: app.getPath('userData'),
      resourcesDir: paths.resourcesDir,
      rendererDir: dirname(paths.page),
      host: createElectronRunnerHost({ runnerEntry: paths.runnerEntry, compileCacheDir: compileCacheDirOf(dataDir) }),
      bundleWorkerEntry: join(dirname(paths.runnerEntry), 'bundle-frame-worker.js'),
      log,
      version: app.getVersion(),
      // Provider keys at rest go through the OS keychain (DESIGN §11).
      secretSealer: createSecretBox(safeStorage),
    });
  } catch (error) {
    log.error('the engine could not start', error);
    dialog.showErrorBox('Autoloop could not start', messageOf(error));
    return null;
  }
}

async function startShell(): Promise<void> {
  const userData = app.getPath('userData');
  const disposers = [setupSessionSecurity(session.defaultSession, paths.pageUrl), setupNavigationLocks(paths.pageUrl)];
  const desktop = await startEngine();
  if (!desktop) return app.exit(1);
  const { engine } = desktop;
  // An error nothing else caught pauses every run cleanly and says so, instead of leaving them mid-write.
  installLastResort(process, {
    log,
    pauseAndClose: () => desktop.close(),
    exit: (code) => {
      dialog.showErrorBox(
        'Autoloop hit an error it could not recover from',
        'Every active run was paused; resume them after Autoloop starts again. The log has the details.',
      );
      app.exit(code);
    },
    exitCode: 1,
  });
  const stateFile = join(userData, 'window-state.json');
  const shown = createMainWindow(paths, restoredWindowState(stateFile, log), join(paths.iconsDir, 'app', '512x512.png'), firstRoute);
  mainWindow = shown;
  const own = (): { webContentsId: number; appUrl: string } => ({ webContentsId: shown.window.webContents.id, appUrl: paths.pageUrl });
  const feed = createShellStateFeed({
    bus: engine.bus,
    load: async () => ({
      runs: await listAllRuns((page) => engine.api['runs.list'](page)),
      approvals: await engine.api['approvals.list']({ status: 'pending' }),
    }),
    onLoadError: (error) => log.error('the tray could not load the runs', error),
  });
  /** A refusal of a tray, notification or dialog command, told in the window: through this engine's bus, or straight to the page while it shows a remote engine. */
  const report = (message: string): void => {
    if (router.shown() === null) engine.bus.publish({ type: 'notice', level: 'error', message });
    else shown.push({ type: 'notice', level: 'error', message });
  };
  const scheduleFeed = createScheduleFeed({
    bus: engine.bus,
    load: () => engine.api['schedules.list']({}),
    onLoadError: (error) => log.error('the tray could not load the schedules', error),
  });
  const openSchedule = (id: string): void => showOnEngine(null, hrefFor({ page: 'schedule', id }));
  /** The tray's Pause all schedules / Resume schedules; a refusal is told in the window like the other tray commands'. */
  const allSchedules = (method: 'schedules.pauseAll' | 'schedules.resumeAll'): void => {
    engine.api[method]({}).then(
      () => void scheduleFeed.refresh(),
      (error: unknown) => report(`Could not ${method === 'schedules.pauseAll' ? 'pause' : 'resume'} the schedules: ${messageOf(error)}`),
    );
  };
  const commands = createShellCommands({ handlers: engine.api, current: feed.current, report, log });
  const openRun = (runId: string): void => showOnEngine(null, hrefFor({ page: 'run', runId }));
  const warning = secretStorageWarning({
    isEncryptionAvailable: safeStorage.isEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
  });
  // Engines on other machines (issue #25): main keeps their sealed tokens and one link each; the window's calls go to the engine it shows.
  const router = createEngineRouter({
    local: { api: engine.api, bus: engine.bus },
    file: openDesktopEnginesFile(dataDir, createSecretBox(safeStorage)),
    dataDir,
    log,
  });
  /** Opens a page of an engine's (null: this app's own): switching engines reloads the page, so every view starts from that engine. */
  function showOnEngine(name: string | null, route: string): void {
    if (router.shown() === name) return shown.openRoute(route);
    const selected = router.select(name);
    if (!selected.ok) return report(selected.message);
    shown.window.webContents.once('did-finish-load', () => shown.openRoute(route));
    shown.window.webContents.reload();
  }
  /** Answers a request on the engine that asked; a refusal is told in the window, naming the engine. */
  const decideOn = (name: string | null, approvalId: string, decision: 'allow' | 'deny', scope: 'once' | 'run' = 'once'): void => {
    if (name === null) return void commands.decideApproval(approvalId, decision, scope);
    void router.callOn(name, 'approvals.decide', { id: approvalId, decision, scope }).then((answer) => {
      if (!answer.ok) report(`On ${name}: could not answer the request: ${answer.error.message}`);
    });
  };
  // One queue of approval dialogs for every engine: one open at a time, each naming its engine once remote ones are watched.
  const dialogs = setupApprovalDialogs({
    isEnabled: () => engine.settings().notifications.approvalDialogs,
    window: () => shown.window,
    decideApproval: (name, id, answer) => decideOn(name, id, answer.decision, answer.scope),
  });
  const remoteShells = createRemoteShells(
    router,
    (name, remoteFeed) => {
      const undoNotifications = setupNotifications(remoteFeed, {
        settings: () => engine.settings().notifications,
        isAppFocused: () => router.shown() === name && shown.window.isVisible() && shown.window.isFocused(),
        openRun: (runId) => showOnEngine(name, hrefFor({ page: 'run', runId })),
        openSchedule: (id) => showOnEngine(name, hrefFor({ page: 'schedule', id })),
        decideApproval: (id, decision) => decideOn(name, id, decision),
        icon: join(paths.iconsDir, 'app', '256x256.png'),
        engine: name,
      });
      const undoDialogs = dialogs.watch(name, remoteFeed);
      return () => {
        undoNotifications();
        undoDialogs();
      };
    },
    log,
  );
  const startNotices = [...desktop.notices, ...(warning ? [warning] : []), ...router.startNotices()];
  // The window may open on a remote engine (remembered from the last start): its notices then go straight to the page.
  shown.window.webContents.once('did-finish-load', () =>
    startNotices.forEach((message) =>
      router.shown() === null ? engine.bus.publish({ type: 'notice', level: 'warning', message }) : shown.push({ type: 'notice', level: 'warning', message }),
    ),
  );
  disposers.push(
    setupWindowState(shown.window, stateFile, log),
    setupApiIpc(router.call, (sender) => isOwnSender(sender, own())),
    setupEnginesIpc(
      router,
      (sender) => isOwnSender(sender, own()),
      (channel) => void (shown.window.isDestroyed() || shown.window.webContents.send(channel)),
    ),
    setupFolderPicker(
      () => shown.window,
      (sender) => isOwnSender(sender, own()),
    ),
    router.onShownEvent((event) => shown.push(event)),
    setupTray(
      feed,
      { ...commands, openRun, decideApproval: (id, decision) => void commands.decideApproval(id, decision), showWindow: shown.show, quit: () => app.quit() },
      paths.iconsDir,
      {
        feed: scheduleFeed,
        actions: {
          openSchedules: () => shown.openRoute(hrefFor({ page: 'schedules' })),
          pauseAllSchedules: () => allSchedules('schedules.pauseAll'),
          resumeAllSchedules: () => allSchedules('schedules.resumeAll'),
        },
      },
      {
        shells: remoteShells,
        actions: {
          openRun: (name, runId) => showOnEngine(name, hrefFor({ page: 'run', runId })),
          decideApproval: (name, id, decision) => decideOn(name, id, decision),
          openEngines: () => showOnEngine(router.shown(), hrefFor({ page: 'settings' })),
        },
      },
    ),
    setupNotifications(feed, {
      settings: () => engine.settings().notifications,
      isAppFocused: () => router.shown() === null && shown.window.isVisible() && shown.window.isFocused(),
      openRun,
      openSchedule,
      decideApproval: (id, decision) => void commands.decideApproval(id, decision),
      icon: join(paths.iconsDir, 'app', '256x256.png'),
    }),
    dialogs.watch(null, feed),
    dialogs.dispose,
    setupAppMenu(
      {
        newRun: () => shown.openRoute(hrefFor({ page: 'new' })),
        showRuns: () => shown.openRoute(hrefFor({ page: 'runs' })),
        showApprovals: () => shown.openRoute(hrefFor({ page: 'approvals' })),
        showSettings: () => shown.openRoute(hrefFor({ page: 'settings' })),
        quit: () => app.quit(),
      },
      !app.isPackaged,
    ),
    feed.dispose,
    scheduleFeed.dispose,
    remoteShells.dispose,
    router.close,
  );
  app.on('activate', shown.show);
  setupQuitFlow({
    runs: () => feed.current().runs,
    window: () => shown.window,
    async shutDown() {
      shown.allowClose();
      for (const dispose of disposers.reverse()) dispose();
      // Quitting pauses every active run (shutdown) so each resumes with one click (DESIGN §4).
      await desktop.close().catch((error: unknown) => log.error('the engine did not close cleanly', error));
    },
  });
}

if (app.requestSingleInstanceLock()) {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  setupDeepLinks((link) => openRoute(hrefFor({ page: 'run', runId: link.runId })), log);
  app.on('second-instance', () => mainWindow?.show());
  void app.whenReady().then(startShell);
} else {
  app.quit();
}
