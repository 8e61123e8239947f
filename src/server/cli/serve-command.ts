import { spawn } from 'node:child_process';
import { createEngine } from '../../core/create-engine';
import { createConsoleLogger } from '../../core/logger';
import { createNodeRunnerHost } from '../../core/runner-host/node-runner-host';
import type { AppPaths } from '../app-paths';
import { startHttpServer } from '../http-server';
import { createAccessToken } from '../access-token';
import { readLiveServer, removeServerFile, serverFilePath, writeServerFile } from '../server-file';

export type ServeOptions = Readonly<{ host: string; port: number; dataDir: string; open: boolean; moveDamagedDatabase: boolean }>;

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stdout.write('Could not open a browser here; open the URL above yourself.\n'));
  child.unref();
}

/** `autoloop serve`: the engine, the UI and the API on one port, behind a token (DESIGN §11). */
export async function serveCommand(options: ServeOptions, paths: AppPaths): Promise<void> {
  const existing = readLiveServer(options.dataDir);
  if (existing) {
    throw new Error(`A server already runs for ${options.dataDir} (pid ${existing.pid}) at ${existing.url.split('?')[0]}; stop it first or use another --data-dir`);
  }
  const log = createConsoleLogger('autoloop-serve');
  const engine = createEngine({
    dataDir: options.dataDir,
    resourcesDir: paths.resources,
    host: createNodeRunnerHost({ runnerEntry: paths.runnerEntry }),
    log,
    shell: 'server',
    version: paths.version,
    moveDamagedDatabase: options.moveDamagedDatabase,
  });
  const token = createAccessToken();
  const server = await startHttpServer({ engine, host: options.host, port: options.port, token, rendererDir: paths.renderer, log });
  writeServerFile(options.dataDir, { url: server.url, token, pid: process.pid, host: options.host, port: server.port });
  if (options.host !== '127.0.0.1' && options.host !== 'localhost' && options.host !== '::1') {
    process.stdout.write(`Warning: listening on ${options.host}, reachable from other machines. Anyone with the token controls your agents.\n`);
  }
  process.stdout.write(`Autoloop is serving ${options.dataDir}\nOpen ${server.url}\n(the token is also in ${serverFilePath(options.dataDir)})\n`);
  if (options.open) openBrowser(server.url);

  let shuttingDown = false;
  const shutdown = (signal: string): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stdout.write(`\n${signal}: pausing active runs and shutting down…\n`);
    void (async () => {
      await server.close();
      await engine.close();
      removeServerFile(options.dataDir);
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
