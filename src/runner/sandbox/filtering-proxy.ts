import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { isHostAllowed, normalizeHost, parseConnectTarget } from './host-allowlist';

/** Where the proxy listens: a Unix socket (bound into a bubblewrap sandbox) or a loopback port (seatbelt). */
export type ProxyListen = Readonly<{ socketPath: string } | { port: 0 }>;

/** A running filtering proxy and how to stop it. */
export type FilteringProxy = Readonly<{ socketPath: string | null; port: number | null; close(): Promise<void> }>;

/** Told about every refused request, so the run's log can say what was blocked. */
export type BlockedListener = (host: string) => void;

function refusal(host: string): string {
  return `Blocked by Autoloop's sandbox: ${host} is not in this run's network allowlist (template \`network:\`, or --allow-net).`;
}

function refuseSocket(socket: Duplex, host: string): void {
  const body = `${refusal(host)}\n`;
  socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function tunnel(request: http.IncomingMessage, client: Duplex, head: Buffer, allow: ReadonlyArray<string>, onBlocked: BlockedListener): void {
  const target = parseConnectTarget(request.url ?? '');
  if (!target || !isHostAllowed(target.host, allow)) {
    const host = target?.host ?? request.url ?? '?';
    onBlocked(host);
    refuseSocket(client, host);
    return;
  }
  const upstream = net.connect(target.port, target.host, () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
}

function forward(request: http.IncomingMessage, response: http.ServerResponse, allow: ReadonlyArray<string>, onBlocked: BlockedListener): void {
  let url: URL;
  try {
    url = new URL(request.url ?? '');
  } catch {
    response.writeHead(400, { 'Content-Type': 'text/plain' }).end('This is a proxy: send absolute URLs (http://host/path) or CONNECT.\n');
    return;
  }
  const host = normalizeHost(url.hostname);
  if (url.protocol !== 'http:' || !isHostAllowed(host, allow)) {
    onBlocked(host);
    response.writeHead(403, { 'Content-Type': 'text/plain' }).end(`${refusal(host)}\n`);
    return;
  }
  const upstream = http.request(
    { host, port: url.port === '' ? 80 : Number(url.port), method: request.method, path: `${url.pathname}${url.search}`, headers: request.headers },
    (reply) => {
      response.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(response);
    },
  );
  upstream.on('error', (error) => {
    if (!response.headersSent) response.writeHead(502, { 'Content-Type': 'text/plain' });
    response.end(`The proxy could not reach ${host}: ${error.message}\n`);
  });
  request.pipe(upstream);
}

/**
 * Starts the proxy through which a sandboxed command reaches the hosts its run allows, and nothing else: CONNECT
 * tunnels (https and anything else over TCP) and plain-http requests to an allowed host; a 403 saying why for the rest.
 * It runs in the runner, outside the sandbox; the sandbox itself has no network.
 */
export async function startFilteringProxy(listen: ProxyListen, allow: ReadonlyArray<string>, onBlocked: BlockedListener): Promise<FilteringProxy> {
  const sockets = new Set<Duplex>();
  const server = http.createServer((request, response) => forward(request, response, allow, onBlocked));
  server.on('connect', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    tunnel(request, socket, head, allow, onBlocked);
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if ('socketPath' in listen) server.listen(listen.socketPath, resolve);
    else server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  return {
    socketPath: typeof address === 'string' ? address : null,
    port: address !== null && typeof address === 'object' ? address.port : null,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
