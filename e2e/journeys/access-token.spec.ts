import WebSocket from 'ws';
import { openApiSocket } from '../fixtures/api-socket';
import { expect, test } from '../fixtures/engine';

/** How long a test waits for the server to accept or refuse a WebSocket upgrade. */
const UPGRADE_TIMEOUT_MS = 10_000;

type UpgradeOutcome = Readonly<{ opened: true } | { opened: false; status: number }>;

/** Tries to open the API socket and closes it again: did the server accept, or which HTTP status refused it? */
function tryUpgrade(url: string, headers: Readonly<Record<string, string>> = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { ...headers } });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`The upgrade to ${url.split('?')[0]} was neither accepted nor refused within ${UPGRADE_TIMEOUT_MS} ms`));
    }, UPGRADE_TIMEOUT_MS);
    socket.once('open', () => {
      clearTimeout(timer);
      socket.close();
      resolve({ opened: true });
    });
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      socket.terminate();
      resolve({ opened: false, status: response.statusCode ?? 0 });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`The upgrade to ${url.split('?')[0]} failed without an HTTP answer`, { cause: error }));
    });
  });
}

test.describe('only someone with the access token reaches Autoloop', () => {
  test('a visitor without the right token cannot open the UI or any of its files', async ({ engine }) => {
    const withoutToken = await fetch(`${engine.origin}/`);
    expect(withoutToken.status).toBe(401);
    expect(await withoutToken.text()).toContain('needs the access token');

    expect((await fetch(`${engine.origin}/index.html`)).status).toBe(401);
    expect((await fetch(`${engine.origin}/?token=not-the-token`)).status).toBe(401);
    const port = new URL(engine.origin).port;
    expect((await fetch(`${engine.origin}/`, { headers: { Cookie: `autoloop_token_${port}=not-the-token` } })).status).toBe(401);
  });

  test('the person who has the printed URL gets the UI and a cookie that lets a reload without the token in', async ({ engine }) => {
    const withToken = await fetch(engine.url);
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('content-type')).toContain('text/html');
    // The cookie is named per port: browsers send 127.0.0.1's cookies to every port, so another server never gets it.
    const tokenCookie = `autoloop_token_${new URL(engine.origin).port}=${encodeURIComponent(engine.token)}`;
    const cookie = withToken.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(tokenCookie);
    expect(cookie).toMatch(/HttpOnly/i);

    const reload = await fetch(`${engine.origin}/`, { headers: { Cookie: tokenCookie } });
    expect(reload.status).toBe(200);
    const otherPort = await fetch(`${engine.origin}/`, { headers: { Cookie: `autoloop_token=${encodeURIComponent(engine.token)}` } });
    expect(otherPort.status).toBe(401);
  });

  test('a program without the right token, or a page from another site, cannot open the API socket', async ({ engine }) => {
    const host = new URL(engine.origin).host;
    expect(await tryUpgrade(`ws://${host}/api`)).toEqual({ opened: false, status: 401 });
    expect(await tryUpgrade(`ws://${host}/api?token=not-the-token`)).toEqual({ opened: false, status: 401 });
    expect(await tryUpgrade(`ws://${host}/api?token=${encodeURIComponent(engine.token)}`, { Origin: 'http://evil.example' })).toEqual({
      opened: false,
      status: 403,
    });
    // The page the server itself served may connect.
    expect(await tryUpgrade(`ws://${host}/api?token=${encodeURIComponent(engine.token)}`, { Origin: engine.origin })).toEqual({ opened: true });
  });

  test('a program with the token and no Origin (like the CLI) can call the API', async ({ engine }) => {
    const host = new URL(engine.origin).host;
    const api = await openApiSocket(`ws://${host}/api?token=${encodeURIComponent(engine.token)}`);
    try {
      const info = await api.call('system.info', {});
      expect(info.shell).toBe('server');
      expect(info.dataDir).toBe(engine.dataDir);
    } finally {
      api.close();
    }
  });
});
