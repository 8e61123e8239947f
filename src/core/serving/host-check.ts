import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

/** The warning shown on every start and in the page header when the API is reachable from other machines unencrypted. */
export const UNENCRYPTED_WARNING = 'unencrypted: use TLS or an SSH tunnel';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether a bind address keeps the server on this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

const bracketed = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/**
 * The names a request's `Host` may carry: loopback always; the bind address (every interface's
 * address for a wildcard bind); the public URL's host when the server sits behind a reverse proxy.
 * Anything else (a DNS-rebinding page, a stray proxy) is refused, whatever token it carries.
 */
function allowedNames(bindHost: string): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '') {
    for (const addresses of Object.values(networkInterfaces())) for (const entry of addresses ?? []) names.add(bracketed(entry.address));
  } else {
    names.add(bracketed(bindHost));
  }
  return names;
}

export type HostCheck = Readonly<{
  hostAllowed(request: IncomingMessage): boolean;
  /** A browser's Origin must be this server's own page (or the public URL's); a client without one (the CLI) passes. */
  originAllowed(request: IncomingMessage): boolean;
}>;

export function createHostCheck(options: Readonly<{ bindHost: string; tls: boolean; publicUrl: URL | null }>): HostCheck {
  const names = allowedNames(options.bindHost);
  const scheme = options.tls ? 'https' : 'http';
  const defaultPort = options.tls ? 443 : 80;
  const hostAllowed = (request: IncomingMessage): boolean => {
    const host = request.headers.host;
    if (host === undefined) return false;
    if (options.publicUrl && host.toLowerCase() === options.publicUrl.host) return true;
    const port = request.socket.localPort;
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.toLowerCase());
    if (!match?.[1]) return false;
    const givenPort = match[2] === undefined ? defaultPort : Number(match[2]);
    return givenPort === port && names.has(match[1]);
  };
  return {
    hostAllowed,
    originAllowed(request) {
      const origin = request.headers.origin;
      if (origin === undefined) return true;
      // Through the proxy, the page's origin is exactly the public URL's (its scheme included).
      if (options.publicUrl && request.headers.host?.toLowerCase() === options.publicUrl.host) return origin === options.publicUrl.origin;
      return hostAllowed(request) && origin === `${scheme}://${request.headers.host}`;
    },
  };
}
