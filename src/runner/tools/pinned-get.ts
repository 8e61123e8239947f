import type { IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';

/** The part of an HTTP response `web_fetch` reads. */
export type PinnedResponse = Readonly<{
  status: number;
  statusText: string;
  header(name: string): string | null;
  body: AsyncIterable<Buffer>;
  /** Drops the rest of the body and the connection. */
  discard(): void;
}>;

/**
 * One GET over Node's own http/https, with the socket's address coming from `lookup` (the address check) and no
 * other resolver: `fetch` would resolve the name again on its own. No connection is reused between calls.
 *
 * `node:http` and `node:https` load with the first call: importing `node:http` as an ES module reads every export,
 * and its `WebSocket` getter loads Node's undici (with http2, tls and WebCrypto), ~40 ms of a runner's start that a
 * run which never fetches would pay for nothing.
 */
export async function getPinned(
  url: URL,
  options: Readonly<{ signal: AbortSignal; headers: Record<string, string>; lookup: LookupFunction }>,
): Promise<PinnedResponse> {
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const request = send(url, { method: 'GET', headers: options.headers, lookup: options.lookup, signal: options.signal, agent: false }, (response) =>
      resolve(pinnedResponse(response)),
    );
    request.once('error', reject);
    request.end();
  });
}

function pinnedResponse(response: IncomingMessage): PinnedResponse {
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? '',
    header(name) {
      const value = response.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    body: response,
    discard: () => response.destroy(),
  };
}
