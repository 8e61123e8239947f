import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostResolver, ResolvedAddress } from './checked-lookup';
import { type TempRun, createTempRun } from './test-context';
import { createWebFetchTool } from './web-fetch';

/** A real loopback server that records every request it gets: the place a rebinding attack wants to reach. */
let server: Server;
let port: number;
let hits: string[];
let run: TempRun;

beforeAll(async () => {
  run = await createTempRun();
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/hop') response.writeHead(302, { location: `http://rebind.example:${port}/secret` }).end();
    else response.writeHead(200, { 'content-type': 'text/plain' }).end('the secret');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

beforeEach(() => {
  hits = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await run.cleanup();
});

/** A resolver that answers with each list in turn (the last one from then on), and counts its calls. */
function changingResolver(...answers: ReadonlyArray<ReadonlyArray<ResolvedAddress>>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    return answers[Math.min(calls.length - 1, answers.length - 1)]!;
  };
  return Object.assign(resolve, { calls });
}

const PUBLIC = [{ address: '203.0.113.7', family: 4 }]; // TEST-NET-3: public, and routed nowhere
const LOOPBACK = [{ address: '127.0.0.1', family: 4 }];

describe('web_fetch against DNS rebinding', () => {
  it('connects to the public address it checked, never to the loopback address the name resolves to next', async () => {
    const resolver = changingResolver(PUBLIC, LOOPBACK, LOOPBACK);
    const tool = createWebFetchTool(resolver);
    // The public address leads nowhere: the call ends when it gives up (or the network says unreachable).
    const call = tool.execute({ url: `http://rebind.example:${port}/secret` }, run.context({ signal: AbortSignal.timeout(1_500) }));
    await expect(call).rejects.toThrow(/^(web_fetch: GET http:\/\/rebind\.example:\d+\/secret failed|This operation was aborted)/);
    expect(resolver.calls).toEqual(['rebind.example']);
    expect(hits).toEqual([]);
  }, 10_000);

  it('refuses a name that resolves to loopback at connect time, without a request reaching the server', async () => {
    const resolver = changingResolver(LOOPBACK);
    await expect(createWebFetchTool(resolver).execute({ url: `http://rebind.example:${port}/secret` }, run.context())).rejects.toThrow(
      'refused: rebind.example is a loopback, link-local or private address (127.0.0.1)',
    );
    expect(hits).toEqual([]);
  }, 10_000);

  it('refuses a name with one private address among public ones', async () => {
    const resolver = changingResolver([...PUBLIC, { address: '::1', family: 6 }]);
    await expect(createWebFetchTool(resolver).execute({ url: `http://rebind.example:${port}/secret` }, run.context())).rejects.toThrow(
      /refused: rebind\.example is a loopback, link-local or private address \(::1\)/,
    );
    expect(hits).toEqual([]);
  }, 10_000);

  it('checks the address of every redirect hop as it connects', async () => {
    const resolver = changingResolver(LOOPBACK);
    const namesLoopbackOnly = run.context({ ruleNamesHost: (_tool, host) => host === '127.0.0.1' });
    await expect(createWebFetchTool(resolver).execute({ url: `http://127.0.0.1:${port}/hop` }, namesLoopbackOnly)).rejects.toThrow(
      'refused: rebind.example is a loopback, link-local or private address (127.0.0.1)',
    );
    expect(hits).toEqual(['/hop']);
  }, 10_000);

  it('reaches the address the name resolved to when a rule names the host', async () => {
    const resolver = changingResolver(LOOPBACK);
    const namesHost = run.context({ ruleNamesHost: (_tool, host) => host === 'rebind.example' });
    expect(await createWebFetchTool(resolver).execute({ url: `http://rebind.example:${port}/secret` }, namesHost)).toBe(
      `GET http://rebind.example:${port}/secret → 200 OK (text/plain)\n\nthe secret`,
    );
    expect(hits).toEqual(['/secret']);
  }, 10_000);
});
