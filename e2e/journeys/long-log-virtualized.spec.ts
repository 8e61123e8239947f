import { buildRunBundle, longLogEvents, longLogLine } from '../fixtures/run-bundles';
import { expect, test } from '../fixtures/engine';

const LINES = 100_000;
/** Importing 100,000 events, then paging them into the window 5,000 at a time, on a busy 2-core machine. */
const LOADED_TIMEOUT_MS = 60_000;
/** Far more than a viewport and its overscan, far fewer than the log. */
const DOM_ROWS_MAX = 300;

test.setTimeout(120_000);

test('a person opens a run with 100,000 log lines, reads both ends, searches it, and the page keeps only a window of it', async ({ page, engine }) => {
  const id = 'long-log-run';
  const { run } = await engine.api('runs.import', { bundle: buildRunBundle(id, { events: longLogEvents(id, LINES) }) });
  await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);

  const log = page.getByTestId('run-log');
  // Every line is in the window's store (plus one heading per 10,000-line iteration)…
  await expect(page.getByTestId('log-row-count')).toHaveText('100,010 lines', { timeout: LOADED_TIMEOUT_MS });
  // …it follows the tail…
  await expect(log.getByText(longLogLine(LINES), { exact: true })).toBeVisible();
  // …and only a window of them is in the DOM.
  expect(await log.locator('.log-line').count()).toBeLessThan(DOM_ROWS_MAX);

  // To the top: following stops, the first line shows.
  await log.evaluate((element) => element.scrollTo({ top: 0 }));
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
  await expect(log.getByText(longLogLine(1), { exact: true })).toBeVisible();
  await expect(log.getByText('Iteration 1', { exact: true })).toBeVisible();
  expect(await log.locator('.log-line').count()).toBeLessThan(DOM_ROWS_MAX);

  // Back to the end.
  await page.getByRole('button', { name: 'Jump to latest' }).click();
  await expect(log.getByText(longLogLine(LINES), { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);

  // Search jumps to a line in the middle and marks it.
  await page.getByLabel('Search the log').fill(longLogLine(54_321));
  await expect(page.getByTestId('log-match-count')).toHaveText('1 of 1');
  await page.getByLabel('Search the log').press('Enter');
  await expect(log.locator('mark', { hasText: longLogLine(54_321) })).toBeVisible();
  expect(await log.locator('.log-line').count()).toBeLessThan(DOM_ROWS_MAX);
});
