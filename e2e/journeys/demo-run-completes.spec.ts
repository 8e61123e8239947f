import { expect, test } from '../fixtures/engine';

/** Five iterations of ~0.3 s each with the template's 1 s interval, on a busy 2-core machine. */
const DEMO_RUN_TIMEOUT_MS = 40_000;

test('a person without an API key tries the demo template and watches it count to five and complete', async ({ page, engine }) => {
  await page.goto(engine.url);
  await page.getByRole('link', { name: 'New run' }).click();
  await page.getByLabel('Template', { exact: true }).selectOption('demo-counter');
  // The demo template brings its own scripted model: nothing to type.
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('scripted/demo-counter');
  await expect(page.getByLabel('Target', { exact: true })).toHaveValue('5');
  await page.getByRole('button', { name: 'Start run' }).click();

  await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: DEMO_RUN_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Completed');
  await expect(page.getByTestId('run-iterations-count')).toHaveText('5');
  await expect(page.getByTestId('iteration-5')).toContainText('Counted to 5.');
  await expect(page.getByTestId('iteration-6')).toHaveCount(0);
  await expect(page.getByTestId('run-log')).toContainText('the next is 5');
});
