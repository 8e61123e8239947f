import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TempRun, createTempRun } from './test-context';
import { capText, webFetchTool } from './web-fetch';

let server: Server;
let base: string;
let run: TempRun;

const PAGE = `<!doctype html><html><head><title>Guide</title><script>track()</script></head>
<body><h1>Install</h1><p>Run <code>npm i</code>, then read <a href="/docs/api">the API</a>.</p></body></html>`;

beforeAll(async () => {
  run = await createTempRun();
  server = createServer((request, response) => {
    switch (request.url) {
      case '/page':
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
        return;
      case '/big':
        response.writeHead(200, { 'content-type': 'text/plain' }).end('z'.repeat(300_000));
        return;
      case '/json':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      case '/binary':
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0, 1, 2, 3]));
        return;
      case '/moved':
        response.writeHead(302, { location: '/page' }).end();
        return;
      case '/to-localhost':
        response.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/page` }).end();
        return;
      case '/to-metadata':
        response.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        return;
      case '/hang':
        return; // never answers: for the abort test
      case undefined:
      default:
        response.writeHead(404, { 'content-type': 'text/plain' }).end('no such page');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await run.cleanup();
});

/** A context whose rules name 127.0.0.1, as a run that may fetch from the test server would have. */
const local = (overrides: Parameters<TempRun['context']>[0] = {}) => run.context({ ruleNamesHost: (_tool, host) => host === '127.0.0.1', ...overrides });

describe('web_fetch: private addresses and redirects', () => {
  it('refuses loopback, link-local and private addresses unless a rule names the host', async () => {
    for (const url of [
      `${base}/page`,
      'http://localhost:9/',
      'http://[::1]:9/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://[::ffff:127.0.0.1]:9/',
    ]) {
      await expect(webFetchTool.execute({ url }, run.context())).rejects.toThrow(/refused: .* is a loopback, link-local or private address/);
    }
  }, 10_000);

  it('follows a redirect only after the gate allows the next hop', async () => {
    const asked: unknown[] = [];
    const allowing = await webFetchTool.execute({ url: `${base}/moved` }, local({ permit: async (_tool, input) => (asked.push(input), null) }));
    expect(asked).toEqual([{ url: `${base}/page` }]);
    expect(allowing).toContain(`GET ${base}/moved → 200 OK (text/html; charset=utf-8, redirected to ${base}/page)`);
    const denying = await webFetchTool.execute({ url: `${base}/moved` }, local({ permit: async () => 'denied by the user' }));
    expect(denying).toBe(`GET ${base}/moved → 302 redirect to ${base}/page, not followed: denied by the user`);
  }, 10_000);

  it('does not follow a redirect to a private address the rules do not name', async () => {
    await expect(webFetchTool.execute({ url: `${base}/to-localhost` }, local())).rejects.toThrow(
      /refused: localhost:\d+ is a loopback, link-local or private address/,
    );
    await expect(webFetchTool.execute({ url: `${base}/to-metadata` }, local())).rejects.toThrow(/refused: 169\.254\.169\.254 is a loopback/);
  }, 10_000);
});

describe('web_fetch', () => {
  it('turns HTML into readable text with links resolved', async () => {
    const text = await webFetchTool.execute({ url: `${base}/page` }, local());
    expect(text).toBe(`GET ${base}/page → 200 OK (text/html; charset=utf-8)\n\nGuide\n\n# Install\n\nRun npm i, then read the API (${base}/docs/api).`);
  }, 10_000);

  it('caps the text and says so', async () => {
    const text = await webFetchTool.execute({ url: `${base}/big`, maxBytes: 1_000 }, local());
    expect(text).toContain(`\n\n${'z'.repeat(1_000)}\n[… truncated at 1000 B;`);
    expect(text).not.toContain('z'.repeat(1_001));
  }, 10_000);

  it('returns JSON as it is and the status of a missing page', async () => {
    expect(await webFetchTool.execute({ url: `${base}/json` }, local())).toBe(`GET ${base}/json → 200 OK (application/json)\n\n{"ok":true}`);
    expect(await webFetchTool.execute({ url: `${base}/nope` }, local())).toBe(`GET ${base}/nope → 404 Not Found (text/plain)\n\nno such page`);
  }, 10_000);

  it('follows redirects and says where it landed', async () => {
    expect(await webFetchTool.execute({ url: `${base}/moved` }, local())).toContain(`, redirected to ${base}/page)`);
  }, 10_000);

  it('does not show binary content', async () => {
    expect(await webFetchTool.execute({ url: `${base}/binary` }, local())).toContain('[binary content of 4 B; not shown]');
  }, 10_000);

  it('refuses URLs that are not http or https', async () => {
    await expect(webFetchTool.execute({ url: 'file:///etc/passwd' }, local())).rejects.toThrow(
      'refused: web_fetch only fetches http and https URLs, not file:',
    );
    await expect(webFetchTool.execute({ url: 'ftp://example.com/x' }, local())).rejects.toThrow(/^refused: /);
    await expect(webFetchTool.execute({ url: 'not a url' }, local())).rejects.toThrow('web_fetch: not a url is not a valid URL');
  });

  it('stops when the iteration is aborted', async () => {
    const controller = new AbortController();
    const pending = webFetchTool.execute({ url: `${base}/hang` }, local({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  }, 10_000);

  it('says why a request failed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(webFetchTool.execute({ url: `http://127.0.0.1:${port}/` }, local())).rejects.toThrow(
      new RegExp(`^web_fetch: GET http://127\\.0\\.0\\.1:${port}/ failed: .*ECONNREFUSED`),
    );
  }, 10_000);
});

describe('capText', () => {
  it('never splits a character', () => {
    expect(capText('ééé', 3)).toEqual({ text: 'é', truncated: true });
    expect(capText('abc', 3)).toEqual({ text: 'abc', truncated: false });
  });
});
