import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The app's id (electron-builder.yml `appId`); Windows shows notifications only for an app with a user model id. */
export const APP_ID = 'dev.autoloop.app';

/** Where the shell's files are, in a checkout and in a packaged app. */
export type AppPaths = Readonly<{
  preload: string;
  page: string;
  /** The page as the window loads it; the IPC sender check and the CSP compare against it. */
  pageUrl: string;
  runnerEntry: string;
  /** The folder with templates/ and scripts/: the checkout's resources/, or extraResources next to app.asar. */
  resourcesDir: string;
  /** Icons travel inside the app (files: resources/icons/**). */
  iconsDir: string;
}>;

/** Where the running app is, as Electron reports it. */
export type AppLocation = Readonly<{
  /** The folder of the main bundle, out/main (inside app.asar when packaged). */
  mainDir: string;
  isPackaged: boolean;
  /** `process.resourcesPath`: where electron-builder puts extraResources. */
  resourcesPath: string;
}>;

/**
 * The shell's paths (pure). They hang off the main bundle's own folder rather than
 * `app.getAppPath()`, so they hold however Electron was started (`electron .`, `electron
 * out/main/index.js`, Playwright) and inside app.asar.
 */
export function appPaths(location: AppLocation): AppPaths {
  const root = resolve(location.mainDir, '..', '..');
  const page = join(root, 'out', 'renderer', 'index.html');
  return {
    preload: join(root, 'out', 'preload', 'index.cjs'),
    page,
    pageUrl: pathToFileURL(page).toString(),
    runnerEntry: join(root, 'out', 'main', 'runner.js'),
    resourcesDir: location.isPackaged ? location.resourcesPath : join(root, 'resources'),
    iconsDir: join(root, 'resources', 'icons'),
  };
}
