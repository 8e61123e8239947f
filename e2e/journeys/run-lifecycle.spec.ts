import { countingLogText, countingScript } from '../fixtures/counting-script';
import { expect, test } from '../fixtures/engine';

/** Three iterations of the counting script with the template's 1 s interval, on a busy 2-core machine. */
const THREE_ITERATIONS_TIMEOUT_MS = 25_000;
/** The stop ladder (DESIGN §4): `stop`, 3 s grace, SIGTERM, 2 s, SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;
const RUN_NAME = 'Count until stopped';

test('a person starts a scripted run, watches three iterations arrive live, stops it, and still sees its history after a reload', async ({ page, engine }) => {
  // Ten distinct summaries on a loop: the run never ends by itself and never stagnates.
  const script = await engine.writeScript('count-until-stopped', countingScript(10, 'loop'));

  await page.goto(engine.url);
  await page.getByRole('link', { name: 'New run' }).click();
  await page.getByLabel('Template', { exact: true }).selectOption('demo-counter');
  await page.getByLabel('Name', { exact: true }).fill(RUN_NAME);
  await page.getByLabel('Model', { exact: true }).fill(`scripted/${script}`);
  await page.getByRole('button', { name: 'Start run' }).click();

  await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
  const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
  await expect(page.getByRole('heading', { level: 1, name: RUN_NAME })).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveText('Running');

  // Live: no reload between the start and the third iteration.
  await expect(page.getByTestId('iteration-3')).toBeVisible({ timeout: THREE_ITERATIONS_TIMEOUT_MS });
  await expect(page.getByTestId('iteration-3')).toContainText('Counted to 3.');
  await expect(page.getByTestId('run-log')).toContainText(countingLogText(3));

  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByRole('button', { name: 'Stop now' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: STOP_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Stopped by you');
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);

  const stopped = await engine.api('runs.get', { id: runId });
  expect(stopped).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
  expect(stopped.iterations).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('run-iterations-count')).toHaveText(String(stopped.iterations));

  const expectHistoryShown = async (): Promise<void> => {
    await expect(page.getByTestId('run-status')).toHaveText('Ended');
    await expect(page.getByTestId('run-reason')).toContainText('Stopped by you');
    await expect(page.getByTestId('run-iterations-count')).toHaveText(String(stopped.iterations));
    for (const n of [1, 2, 3]) await expect(page.getByTestId(`iteration-${n}`)).toContainText(`Counted to ${n}.`);
    await expect(page.getByTestId('run-log')).toContainText(countingLogText(1));
    await expect(page.getByTestId('run-log')).toContainText(countingLogText(3));
  };

  // A reload of the URL with the token in it.
  await page.reload();
  await expectHistoryShown();

  // The address without the token: the HttpOnly cookie the first page load set is what lets us in.
  await page.goto(`${engine.origin}/#/runs/${encodeURIComponent(runId)}`);
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  await expectHistoryShown();

  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(page.getByRole('link', { name: RUN_NAME })).toBeVisible();
  await expect(page.getByTestId(`run-status-${runId}`)).toHaveText('Stopped by you');
});
