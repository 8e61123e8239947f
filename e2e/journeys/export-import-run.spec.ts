import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiSocket } from '../fixtures/api-socket';
import { countingLogText, countingScript } from '../fixtures/counting-script';
import { expect, test } from '../fixtures/engine';
import { startServerProcess } from '../fixtures/server-process';

/** Three iterations with the template's 1 s interval, on a busy 2-core machine. */
const RUN_ENDS_TIMEOUT_MS = 30_000;
const RUN_NAME = 'Count to two';

test('a person exports a finished run and imports it on another Autoloop, where it shows the same iterations and log', async ({ page, engine, appRoot }) => {
  // Counts to 2 in two iterations, then completes in a third: an ended run with a history to carry over.
  const counting = countingScript(2, 'repeat-last');
  const script = await engine.writeScript('count-to-two', {
    ...counting,
    responses: [...counting.responses, { text: 'Done counting.', toolCalls: [{ tool: 'complete', input: { reason: 'counted to 2' } }] }],
  });
  const run = await engine.api('runs.start', { template: 'demo-counter', name: RUN_NAME, model: `scripted/${script}` });
  await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);
  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: RUN_ENDS_TIMEOUT_MS });
  const iterations = await engine.api('runs.iterations', { id: run.id });
  const events = (await engine.api('runs.events', { id: run.id })).events;

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${RUN_NAME}-${run.id}.autoloop.json`);
  const bundlePath = join(engine.dataDir, download.suggestedFilename());
  await download.saveAs(bundlePath);

  const otherDataDir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-other-'));
  const other = await startServerProcess(appRoot, otherDataDir);
  try {
    await page.goto(other.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
    const choosing = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import run…' }).click();
    await (await choosing).setFiles(bundlePath);

    await expect(page).toHaveURL(new RegExp(`#/runs/${run.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: RUN_NAME })).toBeVisible();
    await expect(page.getByTestId('run-status')).toHaveText('Ended');
    await expect(page.getByTestId('run-reason')).toContainText('Completed');
    await expect(page.getByTestId('run-iterations-count')).toHaveText(String(iterations.length));
    for (const iteration of iterations) await expect(page.getByTestId(`iteration-${iteration.n}`)).toContainText(iteration.summary);
    await expect(page.getByTestId('run-log')).toContainText(countingLogText(1));
    await expect(page.getByTestId('run-log')).toContainText(countingLogText(2));

    const otherUrl = new URL(other.url);
    const otherApi = await openApiSocket(`ws://${otherUrl.host}/api?token=${encodeURIComponent(otherUrl.searchParams.get('token') ?? '')}`);
    try {
      expect(await otherApi.call('runs.iterations', { id: run.id })).toEqual(iterations);
      expect((await otherApi.call('runs.events', { id: run.id })).events).toEqual(events);
    } finally {
      otherApi.close();
    }

    // The same file again: the id is taken now, so the engine imports it under a new one and says so.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    const again = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import run…' }).click();
    await (await again).setFiles(bundlePath);
    await expect(page).not.toHaveURL(new RegExp(`#/runs/${run.id}$`));
    await expect(page.getByRole('status').filter({ hasText: `a run with the id ${run.id} was already here` })).toBeVisible();
  } finally {
    const exit = await other.stop();
    await rm(otherDataDir, { recursive: true, force: true, maxRetries: 3 });
    expect(exit).toMatchObject({ code: 0, killed: false });
  }
});
