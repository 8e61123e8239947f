import { type Engine, createEngine } from '../core/create-engine';
import { adoptLegacyDataFolder } from '../core/data-folder/adopt-legacy-data';
import type { Logger } from '../core/logger';
import type { RunnerHost } from '../core/runner-host/runner-host';
import { keepingASpare } from '../core/runner-host/spare-runner';
import { type ServedApi, serveEngineApi } from '../core/serving/serve-engine-api';
import type { SecretSealer } from '../core/store/settings-repository';

/** What the desktop app's engine needs; the Electron glue fills it in (src/main/index.ts). */
export type DesktopEngineOptions = Readonly<{
  /** The data folder the desktop app shares with the CLI (`$AUTOLOOP_HOME`, else `~/.autoloop`). */
  dataDir: string;
  /** Electron's user-data folder, where older versions kept the database; moved over once. */
  legacyDir: string;
  resourcesDir: string;
  rendererDir: string;
  host: RunnerHost;
  log: Logger;
  version: string;
  secretSealer?: SecretSealer;
  /** The built worker that reads large API frames (a run bundle) off the event loop. */
  bundleWorkerEntry?: string;
}>;

/** The desktop app's engine, the API it serves on loopback for the CLI and a browser, and what to tell the person. */
export type DesktopEngine = Readonly<{
  engine: Engine;
  served: ServedApi | null;
  notices: ReadonlyArray<string>;
  /** Stops serving (removing server.json), then pauses live runs and closes the engine. */
  close(): Promise<void>;
}>;

/**
 * The desktop app's composition of the engine, free of Electron so it is tested in Node: moves an
 * older user-data database into the shared data folder once, opens the engine (holding
 * `engine.lock`), and serves the same token-protected API as `autoloop serve` on 127.0.0.1,
 * claiming `server.json` (owner `desktop`), so `autoloop ls`, `approve` and a browser talk to the
 * running app instead of opening its database.
 */
export async function startDesktopEngine(options: DesktopEngineOptions): Promise<DesktopEngine> {
  const moved = adoptLegacyDataFolder(options.legacyDir, options.dataDir);
  // One runner waits, loaded, for the next run: a run started from the window skips a runner's start.
  const host = keepingASpare(options.host, { warn: (message) => options.log.warn(message) });
  const engine = createEngine({
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    host,
    log: options.log,
    shell: 'electron',
    owner: 'desktop',
    version: options.version,
    ...(options.secretSealer ? { secretSealer: options.secretSealer } : {}),
    ...(options.bundleWorkerEntry ? { bundleWorkerEntry: options.bundleWorkerEntry } : {}),
  });
  let served: ServedApi | null = null;
  const notices = moved ? [moved] : [];
  try {
    const result = await serveEngineApi({ engine, host: '127.0.0.1', port: 0, rendererDir: options.rendererDir, owner: 'desktop', log: options.log });
    served = result.served;
    if (result.holder) notices.push(`The \`autoloop\` command cannot reach this app: process ${result.holder.pid} claims ${options.dataDir}/server.json.`);
  } catch (error) {
    options.log.error('the desktop app could not serve its API on 127.0.0.1; the CLI reads the database instead', error);
  }
  host.warm();
  return {
    engine,
    served,
    notices,
    async close() {
      await served?.close();
      await engine.close();
    },
  };
}
