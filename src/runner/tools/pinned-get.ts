import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
 */
export function getPinned(
  url: URL,
  options: Readonly<{ signal: AbortSignal; headers: Record<string, string>; lookup: LookupFunction }>,
): Promise<PinnedResponse> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
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
