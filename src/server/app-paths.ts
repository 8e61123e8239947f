import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../core/data-folder/default-data-dir';

/** Where the built app's parts are, found from this bundle's own location (out/main/cli.js). */
export type AppPaths = Readonly<{ root: string; resources: string; renderer: string; runnerEntry: string; version: string }>;

/** The built worker that reads large API frames (a run bundle) off the event loop: beside the runner bundle. */
export function bundleWorkerEntryOf(paths: Pick<AppPaths, 'runnerEntry'>): string {
  return join(dirname(paths.runnerEntry), 'bundle-frame-worker.js');
}

/** Finds the app root: the nearest folder above this file with a package.json named autoloop. */
export function findAppPaths(from = dirname(fileURLToPath(import.meta.url))): AppPaths {
  let folder = from;
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'autoloop') {
        return {
          root: folder,
          resources: process.env.AUTOLOOP_RESOURCES ?? join(folder, 'resources'),
          renderer: join(folder, 'out', 'renderer'),
          runnerEntry: join(folder, 'out', 'main', 'runner.js'),
          version: pkg.version ?? '0.0.0',
        };
      }
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`Cannot find Autoloop's package.json above ${from}`);
    folder = parent;
  }
}

/** The data folder: `--data-dir`, else `$AUTOLOOP_HOME`, else `~/.autoloop` (DESIGN §9). */
export function resolveDataDir(flag: string | undefined): string {
  return flag === undefined ? defaultDataDir() : resolve(flag);
}
