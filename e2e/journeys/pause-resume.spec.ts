import { countingScript } from '../fixtures/counting-script';
import { expect, test } from '../fixtures/engine';

/** The current iteration finishing, then the runner checkpointing and exiting. */
const PAUSES_TIMEOUT_MS = 20_000;
/** A fresh runner from the checkpoint and one more iteration with the template's 1 s interval. */
const CONTINUES_TIMEOUT_MS = 20_000;
/** The stop ladder (DESIGN §4): `stop`, 3 s grace, SIGTERM, 2 s, SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;

test('a person pauses a run after its current iteration and resumes it later under the same id', async ({ page, engine }) => {
  const script = await engine.writeScript('count-on', countingScript(10, 'loop'));
  const run = await engine.api('runs.start', { template: 'demo-counter', name: 'Pause me', model: `scripted/${script}` });
  await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);
  await expect(page.getByTestId('iteration-1')).toBeVisible({ timeout: PAUSES_TIMEOUT_MS });

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused', { timeout: PAUSES_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Paused by you');
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  const pausedAt = Number(await page.getByTestId('run-iterations-count').textContent());

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId(`iteration-${pausedAt + 1}`)).toBeVisible({ timeout: CONTINUES_TIMEOUT_MS });
  await expect(page).toHaveURL(new RegExp(`#/runs/${run.id}$`));
  await expect(page.getByTestId('run-status')).toHaveText('Running');
  await expect(page.getByRole('button', { name: 'Resume' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByRole('button', { name: 'Stop now' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: STOP_TIMEOUT_MS });
});
