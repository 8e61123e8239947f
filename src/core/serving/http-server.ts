import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ApiHandlers } from '../../shared/api';
import type { Engine } from '../create-engine';
import type { Logger } from '../logger';
import { approverCodeOf, approverCookieName, isApprover, tokenCookieName, tokenOf } from './access-token';
import { type Credential, credentialOf } from './caller-credential';
import { createClientAddress } from './client-address';
import { createFailedAttempts } from './failed-attempts';
import { UNENCRYPTED_WARNING, createHostCheck, isLoopbackHost } from './host-check';
import { isWellFormed } from './well-formed-request';
import { createApiWebSocket, refuseUpgrade } from './api-websocket';
import { messageOf } from '../../shared/errors';
import { readStaticFile } from './static-files';
import { answerActionLink } from './action-link-page';

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
  /** Serve HTTPS and WSS with this key and certificate (PEM). */
  tls?: Readonly<{ cert: Buffer; key: Buffer }> | null;
  /** The address people reach the server at through a reverse proxy: its host and origin are accepted too. */
  publicUrl?: string | null;
  /**
   * Reverse proxies (IP addresses) whose `X-Forwarded-For` names the client, so each client behind them has its own failed-attempt
   * budget; from any other peer the header is ignored.
   */
  trustedProxies?: ReadonlyArray<string>;
  /** Failed token attempts per address before it is refused for a while (tests lower them). */
  failedAttempts?: Readonly<{ max: number; windowMs: number }>;
}>;

/**
 * A listening server: its URL with the token (as server.json keeps it), the URL for the person (with the approver
 * code as well: print it, never store it), its port, and how to close it.
 */
export type RunningServer = Readonly<{ url: string; personUrl: string; port: number; tls: boolean; close(): Promise<void> }>;

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

const MISDIRECTED_PAGE =
  'Autoloop: this server does not answer for that host name. Use the address `autoloop serve` printed; ' +
  'behind a reverse proxy, start it with --public-url set to the address people use.\n';

const TOO_MANY_PAGE = 'Autoloop: too many attempts with a wrong token from this address; wait a minute and use the right one.\n';

/** Serves the built renderer and the API socket, both behind the access token (DESIGN §11). */
export function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const tls = options.tls ?? null;
  const publicUrl = options.publicUrl ? new URL(options.publicUrl) : null;
  const connectionWarning = tls === null && !isLoopbackHost(options.host) ? UNENCRYPTED_WARNING : undefined;
  const api: ApiHandlers = connectionWarning
    ? { ...options.engine.api, 'system.info': async (params) => ({ ...(await options.engine.api['system.info'](params)), connectionWarning }) }
    : options.engine.api;
  const hosts = createHostCheck({ bindHost: options.host, tls: tls !== null, publicUrl });
  const attempts = createFailedAttempts({ log: options.log, ...options.failedAttempts });
  const addressOf = createClientAddress(options.trustedProxies);
  /** The request's credential; a missing or wrong token counts against its address. */
  const credentialFor = (request: IncomingMessage, what: string): Credential | null => {
    const credential = credentialOf(request, options.token, options.engine.tokens);
    if (!credential) attempts.recordFailure(addressOf(request), what);
    return credential;
  };
  const socketApi = createApiWebSocket({
    api,
    bus: options.engine.bus,
    tokens: options.engine.tokens,
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
    if (!hosts.hostAllowed(request)) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end(MISDIRECTED_PAGE);
      return;
    }
    if (attempts.isBlocked(addressOf(request))) {
      response.writeHead(429, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60', ...SECURITY_HEADERS }).end(TOO_MANY_PAGE);
      return;
    }
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    // An action link is its own credential (a signed, single-use capability for one decision): no token.
    const link = /^\/act\/([A-Za-z0-9_.-]{1,2000})$/.exec(pathname);
    if (link?.[1]) {
      if (request.method === 'POST' && !hosts.originAllowed(request)) {
        response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Forbidden: a page of another site.\n');
        return;
      }
      await answerActionLink(request, response, {
        engine: options.engine,
        token: link[1],
        log: options.log,
        onInvalid: () => attempts.recordFailure(addressOf(request), 'an invalid action link'),
      });
      return;
    }
    const credential = credentialFor(request, `${request.method} ${pathname}`);
    if (!credential) {
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
    if (tokenOf(request).fromQuery)
      cookies.push(`${tokenCookieName(port)}=${encodeURIComponent(credential.token)}; HttpOnly; SameSite=Strict; Path=/${tls ? '; Secure' : ''}`);
    // The approver cookie only from the URL the person was shown: the token alone (server.json) never yields it.
    if (approverCodeOf(request).fromQuery && isApprover(request, options.approverCode)) {
      cookies.push(`${approverCookieName(port)}=${encodeURIComponent(options.approverCode)}; HttpOnly; SameSite=Strict; Path=/${tls ? '; Secure' : ''}`);
    }
    if (cookies.length > 0) headers['Set-Cookie'] = cookies;
    response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : file.body);
  }

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      options.log.error(`${request.method} ${request.url} failed`, error);
      if (!response.headersSent) response.writeHead(500).end('Internal error; the server log has the details.\n');
    });
  };
  const server = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, onRequest) : createServer(onRequest);
  // A client that fails the TLS handshake (wrong certificate, plain HTTP) is its own problem, never the server's.
  server.on('tlsClientError', (error: Error) => options.log.warn(`tls: a client's handshake failed: ${error.message}`));
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
      if (!hosts.hostAllowed(request)) return refuseUpgrade(socket, 421, 'Misdirected Request');
      if (attempts.isBlocked(addressOf(request))) return refuseUpgrade(socket, 429, 'Too Many Requests');
      const credential = credentialFor(request, 'a websocket upgrade');
      if (!credential) return refuseUpgrade(socket, 401, 'Unauthorized');
      // A page of another site may connect only with a named token it presents itself in the URL (another
      // Autoloop's window switched to this engine): never with a cookie, never with the engine's own token.
      const foreign = !hosts.originAllowed(request);
      if (foreign && !(credential.kind === 'named' && tokenOf(request).fromQuery)) {
        options.log.warn(`websocket upgrade: refused the origin ${request.headers.origin ?? ''} (a page of another site)`);
        return refuseUpgrade(socket, 403, 'Forbidden');
      }
      socketApi.handleUpgrade(request, socket, head, credential, foreign);
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
      const base = publicUrl ? publicUrl.origin : `${tls ? 'https' : 'http'}://${hostForUrl}:${port}`;
      resolve({
        url: `${base}/?token=${options.token}`,
        personUrl: `${base}/?token=${options.token}&approver=${options.approverCode}`,
        port,
        tls: tls !== null,
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
