import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is 127.0.0.1. */
function normalise(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed.toLowerCase();
}

/** Whether `--trusted-proxy` can take this value: an IP address, not a host name (a name could change under it). */
export function isProxyAddress(value: string): boolean {
  return isIP(value.trim()) !== 0;
}

/**
 * The address a request counts against for the failed-attempt limit. Without trusted proxies it is the socket's peer and
 * `X-Forwarded-For` is ignored: anyone can send that header, so believing it would let a guesser pick a fresh address per try.
 * Behind a reverse proxy every request comes from the proxy, so all clients would share one budget; when the peer is one of the
 * `trustedProxies`, the client is the right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries to its left
 * were written by the client and prove nothing).
 */
export function createClientAddress(trustedProxies: ReadonlyArray<string> = []): (request: IncomingMessage) => string {
  const trusted = new Set(trustedProxies.map(normalise));
  return (request) => {
    const peer = request.socket.remoteAddress === undefined ? 'an unknown address' : normalise(request.socket.remoteAddress);
    if (!trusted.has(peer)) return peer;
    const header = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map(normalise)
      .filter((hop) => hop !== '');
    for (const hop of hops.toReversed()) {
      if (trusted.has(hop)) continue;
      // A hop that is not an address means the chain cannot be read: count it against the proxy, as without the header.
      return isIP(hop) === 0 ? peer : hop;
    }
    return peer;
  };
}
