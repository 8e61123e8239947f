import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../create-engine';
import type { Logger } from '../logger';
import { approverCodeOf, approverCookieName, isApprover, isAuthorized, tokenCookieName, tokenOf } from './access-token';
import { isWellFormed } from './well-formed-request';
import { createApiWebSocket, refuseUpgrade } from './api-websocket';
import { messageOf } from '../../shared/errors';
import { readStaticFile } from './static-files';

/** Where and how the server listens, and what it serves. */
export type HttpServerOptions = Readonly<{
  engine: Engine;
  host: string;
  port: number;
  token: string;
  /** The approver code: only a connection that carries it may answer approval requests. Kept in access.json (0600), never in server.json. */
  approverCode: string;
  rendererDir: string;
  log: Logger;
}>;

/**
 * A listening server: its URL with the token (as server.json keeps it), the URL for the person (with the approver
 * code as well: print it, never store it), its port, and how to close it.
 */
export type RunningServer = Readonly<{ url: string; personUrl: string; port: number; close(): Promise<void> }>;

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // The token rides in the page URL: never leak it in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

const UNAUTHORIZED_PAGE =
  'Autoloop: this address needs the access token. Open the full URL that `autoloop serve` printed (it ends with ?token=...), ' +
  'or read it from server.json in the data folder.\n';

/** Serves the built renderer and the API socket, both behind the access token (DESIGN §11). */
export function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const socketApi = createApiWebSocket({
    api: options.engine.api,
    bus: options.engine.bus,
    token: options.token,
    approverCode: options.approverCode,
    log: options.log,
    readLargeFrame: options.engine.readLargeFrame,
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isWellFormed(request)) {
      response
        .writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS })
        .end('Bad request: the address or a cookie cannot be read.\n');
      return;
    }
    if (!isAuthorized(request, options.token)) {
      response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end(UNAUTHORIZED_PAGE);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end(`Not found: ${url.pathname}\n`);
      return;
    }
    const headers: Record<string, string | string[]> = { 'Content-Type': file.contentType, ...SECURITY_HEADERS };
    const port = request.socket.localPort;
    const cookies: string[] = [];
    if (tokenOf(request).fromQuery) cookies.push(`${tokenCookieName(port)}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`);
    // The approver cookie only from the URL the person was shown: the token alone (server.json) never yields it.
    if (approverCodeOf(request).fromQuery && isApprover(request, options.approverCode)) {
      cookies.push(`${approverCookieName(port)}=${encodeURIComponent(options.approverCode)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (cookies.length > 0) headers['Set-Cookie'] = cookies;
    response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : file.body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log.error(`${request.method} ${request.url} failed`, error);
      if (!response.headersSent) response.writeHead(500).end('Internal error; the server log has the details.\n');
    });
  });
  server.on('upgrade', (request, socket, head) => {
    // Nothing an unauthenticated client sends may end the process: a bad path or cookie is a 400.
    socket.on('error', (error) => options.log.warn(`websocket upgrade: the connection failed: ${error.message}`));
    try {
      if (!isWellFormed(request)) {
        options.log.warn(`websocket upgrade: refused a request whose address or cookie cannot be read (${request.url ?? ''})`);
        refuseUpgrade(socket, 400, 'Bad Request');
        return;
      }
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/api') {
        socket.destroy();
        return;
      }
      socketApi.handleUpgrade(request, socket, head);
    } catch (error) {
      options.log.warn(`websocket upgrade: refused a malformed request (${request.url ?? ''}): ${messageOf(error)}`);
      refuseUpgrade(socket, 400, 'Bad Request');
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${hostForUrl}:${port}/?token=${options.token}`,
        personUrl: `http://${hostForUrl}:${port}/?token=${options.token}&approver=${options.approverCode}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            socketApi.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
