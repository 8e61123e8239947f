import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countingScript } from '../fixtures/counting-script';
import { expect, test } from '../fixtures/engine';
import { closedPort } from '../fixtures/local-openai-server';
import { type ServedDataDir, serveDataDir, writeScriptFile } from '../fixtures/served-data-dir';

/** The reconnect backoff tops out at 10 s; a server start on a busy 2-core machine adds a few. */
const RECONNECT_TIMEOUT_MS = 25_000;

// No `engine` fixture: this journey stops its server and starts others on the same folder and port.
test('a page left open while Autoloop restarts reconnects by itself and survives a reload; after a token rotation it says how to reopen', async ({
  page,
  appRoot,
}, testInfo) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-reconnect-'));
  const port = await closedPort();
  const origin = `http://127.0.0.1:${port}`;
  const served: ServedDataDir[] = [];
  const serve = async (args: string[] = []): Promise<ServedDataDir> => {
    const server = await serveDataDir(appRoot, dataDir, { port, args });
    served.push(server);
    return server;
  };
  try {
    const first = await serve();
    const script = await writeScriptFile(dataDir, 'count-on', countingScript(10, 'loop'));
    const run = await first.api('runs.start', { template: 'demo-counter', name: 'Left running', model: `scripted/${script}` });
    await page.goto(`${first.url}#/runs`);
    await expect(page.getByTestId('running-count')).toHaveText('1 running', { timeout: RECONNECT_TIMEOUT_MS });
    await expect(page.getByTestId('app')).not.toHaveClass(/app-disconnected/);

    // The server stops (and pauses the run): the page says it lost Autoloop, greys its counts, and does not claim the run goes on.
    await first.stop();
    const banner = page.getByTestId('connection-banner');
    await expect(banner).toContainText('Reconnecting…');
    await expect(banner).toContainText('if Autoloop stopped, it paused them');
    await expect(banner).not.toContainText('Runs keep going on the engine');
    await expect(page.getByTestId('app')).toHaveClass(/app-disconnected/);

    // The next server keeps the token: the open page reconnects by itself and shows the paused run.
    await serve();
    await expect(banner).toHaveCount(0, { timeout: RECONNECT_TIMEOUT_MS });
    await expect(page.getByTestId('app')).not.toHaveClass(/app-disconnected/);
    await expect(page.getByTestId('running-count')).toHaveText('0 running');
    await expect(page.getByTestId(`run-row-${run.id}`)).toBeVisible();
    // A reload, and the bare address with only the cookie the first server set, both get in.
    await page.reload();
    await expect(page.getByTestId(`run-row-${run.id}`)).toBeVisible();
    await page.goto(`${origin}/#/runs`);
    await expect(page.getByTestId(`run-row-${run.id}`)).toBeVisible();

    // Restarted with a new token: the page cannot get in again and says what to do instead of retrying forever.
    await served.at(-1)?.stop();
    const rotated = await serve(['--rotate-token']);
    await expect(banner).toContainText('Autoloop was restarted with a new access token.', { timeout: RECONNECT_TIMEOUT_MS });
    await expect(banner).toContainText('Open the URL that autoloop serve printed');
    await page.goto(`${rotated.url}#/runs`);
    await expect(page.getByTestId(`run-row-${run.id}`)).toBeVisible();
    await expect(banner).toHaveCount(0);
  } finally {
    for (const { server, stop } of served) {
      const exit = await stop();
      if (testInfo.status !== testInfo.expectedStatus || exit.code !== 0) {
        await testInfo.attach(`autoloop-serve ${server.pid} stderr`, { body: server.stderr(), contentType: 'text/plain' });
      }
    }
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  }
});
