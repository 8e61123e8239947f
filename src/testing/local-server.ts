import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts `server` on a free port of 127.0.0.1: its API base URL (`http://127.0.0.1:<port>/v1`) and a `close` that
 * also ends the connections a client keeps open (an agent's keep-alive, a hanging stream).
 */
export async function listenLocally(server: Server): Promise<Readonly<{ baseUrl: string; close(): Promise<void> }>> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request's JSON body; `{}` when it has none. */
export async function jsonBodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** `waitForRequest(n)` for a fake server: `arrived(count)` after each request resolves the waits it satisfies. */
export function requestWaiters(): Readonly<{ arrived(count: number): void; waitFor(n: number, count: number): Promise<void> }> {
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    arrived(count) {
      for (const waiter of waiters.filter((candidate) => candidate.n <= count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    waitFor: (n, count) => new Promise<void>((resolve) => (count >= n ? resolve() : waiters.push({ n, resolve }))),
  };
}

/** Streams server-sent `events`; `hang` sends the first and never ends the response (a turn to stop in the middle). */
export function writeEventStream(response: ServerResponse, events: ReadonlyArray<string>, hang: boolean): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (hang) return void response.write(events[0]);
  for (const event of events) response.write(event);
  response.end();
}

/** A fake model service an agent calls itself, as its tests read it. */
export type FakeModelServer<Usage> = Readonly<{
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** The bodies of the agent's turn requests, in order. */
  requests: Array<Record<string, unknown>>;
  /** What each answered turn request reported, in order. */
  usages: Usage[];
  /** Requests that were not the agent's turn (a title, a models list, a probe), and any other path. */
  sideRequests(): ReadonlyArray<string>;
  /** Resolves when the nth turn request (1-based) has arrived. */
  waitForRequest(n: number): Promise<void>;
  close(): Promise<void>;
}>;

/** Starts `server` (see `listenLocally`) as a fake model service whose handler records into `recorded`. */
export async function listenAsModelServer<Usage>(
  server: Server,
  recorded: Readonly<{ requests: Array<Record<string, unknown>>; usages: Usage[]; side: ReadonlyArray<string>; waiters: ReturnType<typeof requestWaiters> }>,
): Promise<FakeModelServer<Usage>> {
  const { baseUrl, close } = await listenLocally(server);
  const { requests, usages, side, waiters } = recorded;
  return { baseUrl, requests, usages, sideRequests: () => side, waitForRequest: (n) => waiters.waitFor(n, requests.length), close };
}
