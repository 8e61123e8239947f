import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { type Server, createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FilteringProxy, startFilteringProxy } from './filtering-proxy';

// A real TLS server with a certificate made for this test (openssl), reached through the proxy's CONNECT tunnel
// as curl, git or npm inside the sandbox reach an https host.
let folder: string;
let ca: Buffer;
let server: Server;
let tlsPort: number;
let hits: string[];
let proxy: FilteringProxy;
let blocked: string[];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'autoloop-proxy-tls-'));
  const [key, cert] = [join(folder, 'key.pem'), join(folder, 'cert.pem')];
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
    '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], { stdio: 'pipe' }); // prettier-ignore
  ca = readFileSync(cert);
  hits = [];
  server = createServer({ key: readFileSync(key), cert: ca }, (incoming, response) => {
    hits.push(incoming.url ?? '');
    response.writeHead(200, { 'content-type': 'text/plain' }).end('hello over tls');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tlsPort = (server.address() as AddressInfo).port;
  blocked = [];
  proxy = await startFilteringProxy({ port: 0 }, ['localhost'], (host) => blocked.push(host));
});

afterAll(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

/** Sends `CONNECT target` to the proxy: the status line it answers, and the tunnel's socket when it is 200. */
function connectThroughProxy(target: string): Promise<{ status: number; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const asking = request({ host: '127.0.0.1', port: proxy.port ?? 0, method: 'CONNECT', path: target });
    asking.once('connect', (response, socket, head) => {
      let body = head.toString();
      if (response.statusCode !== 200) socket.on('data', (chunk: Buffer) => (body += chunk.toString()));
      socket.once('end', () => resolve({ status: response.statusCode ?? 0, body, socket }));
      if (response.statusCode === 200) resolve({ status: 200, body, socket });
    });
    asking.once('error', reject);
    asking.end();
  });
}

/** One GET over TLS inside the tunnel, checking the server's certificate against the test's own. */
function getOverTls(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const secure = connect({ socket, servername: 'localhost', ca }, () => {
      secure.write(`GET /through-the-tunnel HTTP/1.1\r\nHost: localhost:${tlsPort}\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    secure.on('data', (chunk: Buffer) => (text += chunk.toString()));
    secure.once('end', () => resolve(text));
    secure.once('error', reject);
  });
}

describe('the filtering proxy’s CONNECT tunnel', () => {
  it('tunnels TLS to an allowlisted host end to end: the certificate checks and the server answers', async () => {
    const tunnel = await connectThroughProxy(`localhost:${tlsPort}`);
    expect(tunnel.status).toBe(200);
    const reply = await getOverTls(tunnel.socket);
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(reply).toContain('hello over tls');
    expect(hits).toEqual(['/through-the-tunnel']);
  });

  it('refuses a CONNECT to a host not in the allowlist with 403 and why, and the TLS server is never reached', async () => {
    hits.length = 0;
    for (const target of [`127.0.0.1:${tlsPort}`, `LOCALHOST.evil.example:${tlsPort}`, `[::1]:${tlsPort}`]) {
      const refused = await connectThroughProxy(target);
      expect(refused.status).toBe(403);
      expect(refused.body).toContain("is not in this run's network allowlist");
    }
    expect(blocked).toEqual(['127.0.0.1', 'localhost.evil.example', '::1']);
    expect(hits).toEqual([]);
  });
});
