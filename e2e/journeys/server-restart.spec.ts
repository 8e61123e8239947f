import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countingScript } from '../fixtures/counting-script';
import { expect, test } from '../fixtures/engine';
import { isProcessGone, runnerPidsOf } from '../fixtures/processes';
import { type ServedDataDir, serveDataDir, writeScriptFile } from '../fixtures/served-data-dir';

/** Spawning the runner and two iterations with the template's 1 s interval, on a busy 2-core machine. */
const TWO_ITERATIONS_TIMEOUT_MS = 25_000;
/** A fresh runner from the checkpoint and one more iteration. */
const CONTINUES_TIMEOUT_MS = 20_000;
/** The stop ladder (DESIGN §4): `stop`, 3 s grace, SIGTERM, 2 s, SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;

// No `engine` fixture here: this journey stops its server and starts another on the same data folder.
test('a person whose Autoloop was restarted mid-run finds the run paused with the reason, resumes it, and its iterations go on', async ({
  page,
  appRoot,
}, testInfo) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-restart-'));
  const served: ServedDataDir[] = [];
  try {
    const first = await serveDataDir(appRoot, dataDir);
    served.push(first);
    // Ten distinct summaries on a loop: the run never ends by itself and never stagnates.
    const script = await writeScriptFile(dataDir, 'count-on', countingScript(10, 'loop'));
    const run = await first.api('runs.start', { template: 'demo-counter', name: 'Survives a restart', model: `scripted/${script}` });
    const runPath = `#/runs/${encodeURIComponent(run.id)}`;
    await page.goto(`${first.url}${runPath}`);
    await expect(page.getByTestId('iteration-2')).toContainText('Counted to 2.', { timeout: TWO_ITERATIONS_TIMEOUT_MS });
    const runners = await runnerPidsOf(first.server.pid);
    expect(runners, 'the server has one runner process, for this run').toHaveLength(1);

    // SIGTERM: the server pauses its active runs (`shutdown`) and exits 0.
    expect(await first.stop()).toEqual({ code: 0, signal: null, killed: false });
    expect(await isProcessGone(runners[0] as number), 'the runner went with its server').toBe(true);

    const second = await serveDataDir(appRoot, dataDir);
    served.push(second);
    await page.goto(`${second.url}${runPath}`);
    await expect(page.getByTestId('run-status')).toHaveText('Paused');
    await expect(page.getByTestId('run-reason')).toContainText('Paused: Autoloop was shut down');
    const paused = await second.api('runs.get', { id: run.id });
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'shutdown', stopReason: null });
    const pausedAt = paused.iterations;
    expect(pausedAt).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('run-iterations-count')).toHaveText(String(pausedAt));
    const before = await second.api('runs.iterations', { id: run.id });

    await page.getByRole('button', { name: 'Resume', exact: true }).click();

    const next = page.getByTestId(`iteration-${pausedAt + 1}`);
    await expect(next).toContainText(/Counted to \d+\./, { timeout: CONTINUES_TIMEOUT_MS });
    await expect(page.getByTestId('run-status')).toHaveText('Running');
    await expect(page.getByRole('button', { name: 'Resume', exact: true })).toHaveCount(0);
    for (const n of [1, 2]) await expect(page.getByTestId(`iteration-${n}`)).toContainText(`Counted to ${n}.`);

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('button', { name: 'Stop now' }).click();
    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: STOP_TIMEOUT_MS });
    const after = await second.api('runs.iterations', { id: run.id });
    // The iterations before the restart are kept as they were; the resumed ones are numbered after them.
    expect(after.slice(0, pausedAt).map(({ n, summary }) => ({ n, summary }))).toEqual(before.slice(0, pausedAt).map(({ n, summary }) => ({ n, summary })));
    expect(after.map(({ n }) => n)).toEqual(after.map((_, index) => index + 1));
    expect(after.length).toBeGreaterThan(pausedAt);
  } finally {
    for (const { server, stop } of served) {
      const exit = await stop();
      if (testInfo.status !== testInfo.expectedStatus || exit.code !== 0) {
        await testInfo.attach(`autoloop-serve ${server.pid} stderr`, { body: server.stderr(), contentType: 'text/plain' });
        await testInfo.attach(`autoloop-serve ${server.pid} stdout`, { body: server.stdout(), contentType: 'text/plain' });
      }
    }
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  }
});
