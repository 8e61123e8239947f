import type { Engine } from '../create-engine';
import type { Logger } from '../logger';
import { type AccessLoad, loadAccessSecrets } from './access-file';
import { removeApproverFile, writeApproverFile } from './approver-file';
import { type RunningServer, startHttpServer } from './http-server';
import { type ServerFile, claimServerFile, removeServerFile } from './server-file';
import { startNotifiers } from '../notify/notifiers';

/**
 * Where people open action links: the public URL, else the address served (a wildcard bind has no
 * address to give out: notifications then carry no links, and the log says how to get them).
 */
function linkBaseOf(servedUrl: string, host: string, publicUrl: string | null, log: Logger): string | null {
  if (publicUrl !== null) return new URL(publicUrl).origin;
  if (host === '0.0.0.0' || host === '::' || host === '') {
    log.warn('notifications carry no action links: the server listens on every address; give --public-url for the address people reach it at');
    return null;
  }
  return new URL(servedUrl).origin;
}

/** Where and as whom an engine serves its API. */
export type ServeEngineApiOptions = Readonly<{
  engine: Engine;
  host: string;
  /** 0 picks a free port. */
  port: number;
  rendererDir: string;
  owner: ServerFile['owner'];
  log: Logger;
  /** Replace the folder's kept token and approver code (access.json) with fresh ones first. */
  rotateToken?: boolean;
  /** Serve HTTPS and WSS with this certificate (server.json carries the certificate, so this machine's CLI trusts exactly it). */
  tls?: Readonly<{ cert: Buffer; key: Buffer }> | null;
  /** The address people use through a reverse proxy. */
  publicUrl?: string | null;
  /** Reverse proxies whose X-Forwarded-For names the client (for the failed-attempt limit). */
  trustedProxies?: ReadonlyArray<string>;
}>;

/**
 * The API being served, found by the CLI through `server.json`; `close` removes the file, then stops listening.
 * `approverCode` (and `personUrl`, which carries it) never go into server.json: the code is kept in
 * `approver.json` beside it, for the CLI of this machine (see approver-file.ts).
 */
export type ServedApi = RunningServer & Readonly<{ token: string; approverCode: string; tokenOrigin: AccessLoad['origin'] }>;

/** What serving gave: the served API, or the live process that already serves the folder. */
export type ServeEngineApiResult = Readonly<{ served: ServedApi; holder: null } | { served: null; holder: ServerFile }>;

/**
 * Serves an engine's API (the UI, the WebSocket API, the folder's kept token) and claims the data folder's
 * `server.json` so the CLI and a browser talk to this engine instead of opening its database. Used
 * alike by `autoloop serve`, a foreground `autoloop run` and the desktop app.
 */
export async function serveEngineApi(options: ServeEngineApiOptions): Promise<ServeEngineApiResult> {
  const { engine, host, owner, log } = options;
  // Kept across restarts (access.json), so an open page reconnects to the next server; fresh only when asked.
  const { token, approverCode, origin } = loadAccessSecrets(engine.dataDir, { rotate: options.rotateToken ?? false });
  const tls = options.tls ?? null;
  const server = await startHttpServer({
    engine,
    host,
    port: options.port,
    token,
    approverCode,
    rendererDir: options.rendererDir,
    log,
    tls,
    publicUrl: options.publicUrl ?? null,
    trustedProxies: options.trustedProxies ?? [],
  });
  const pinned = tls ? { tlsCert: tls.cert.toString('utf8') } : {};
  const holder = claimServerFile(engine.dataDir, { url: server.url, token, pid: process.pid, host, port: server.port, owner, tls: tls !== null, ...pinned });
  if (holder) {
    await server.close();
    return { served: null, holder };
  }
  writeApproverFile(engine.dataDir, approverCode);
  const notifiers = startNotifiers({
    bus: engine.bus,
    settings: () => engine.settings(),
    links: engine.actionLinks,
    runNotify: (runId) => engine.runNotify(runId),
    linkBase: linkBaseOf(server.url, host, options.publicUrl ?? null, log),
    log,
  });
  return {
    holder: null,
    served: {
      url: server.url,
      personUrl: server.personUrl,
      port: server.port,
      tls: server.tls,
      token,
      approverCode,
      tokenOrigin: origin,
      async close() {
        notifiers.stop();
        removeServerFile(engine.dataDir);
        removeApproverFile(engine.dataDir);
        await server.close();
      },
    },
  };
}
