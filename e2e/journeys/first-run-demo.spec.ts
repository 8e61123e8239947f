import { expect, test } from '../fixtures/engine';

/** Five iterations of the demo with its 1 s interval, on a busy 2-core machine. */
const DEMO_RUN_TIMEOUT_MS = 40_000;

test.skip(
  Boolean(process.env.ANTHROPIC_API_KEY || process.env.OPENAI_API_KEY),
  'An API key in the environment counts as a configured provider, so the first-run guide does not show; unset ANTHROPIC_API_KEY and OPENAI_API_KEY to run this.',
);

test('on a first start a person is guided to add a provider or try the scripted demo, which runs and opens', async ({ page, engine }) => {
  await page.goto(engine.url);
  const guide = page.getByTestId('first-run-guide');
  await expect(guide).toBeVisible();
  await expect(guide.getByRole('link', { name: 'Add a provider' })).toHaveAttribute('href', '#/settings');
  await guide.getByRole('button', { name: 'Try the scripted demo' }).click();

  await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'demo-counter' })).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: DEMO_RUN_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Completed');
  await expect(page.getByTestId('limit-iterations').getByRole('meter')).toHaveAttribute('aria-valuenow', '5');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByTestId('first-run-guide')).toHaveCount(0);
});
