import { expect, test } from '../fixtures/engine';

test('a person starts a run with a chosen model, limits and permission profile, and sees them on the run page', async ({ page, engine }) => {
  await page.goto(`${engine.url}#/new`);
  await page.getByLabel('Template', { exact: true }).selectOption('demo-counter');
  await expect(page.getByLabel('Provider')).toHaveValue('demo');
  await page.getByLabel('Provider').selectOption({ label: 'anthropic (anthropic, no key yet)' });
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('anthropic/');
  await page.getByLabel('Provider').selectOption('demo');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('scripted/demo-counter');

  await page.getByLabel('Permissions').selectOption('read-only');
  await expect(page.getByTestId('profile-preview')).toHaveText('Reads files in the working folder. Everything else (writing, commands, network) is refused.');
  await page.getByLabel('Max tokens').fill('lots');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('#run-maxTokens-error')).toHaveText('Use a whole number (0 means no limit)');
  await page.getByLabel('Max tokens').fill('50000');
  await page.getByLabel('Max cost (USD)').fill('1.25');
  await page.getByLabel('Working folder').fill('/no/such/folder/anywhere');
  await page.getByRole('button', { name: 'Start run' }).click();
  // The engine's refusal, at the field it names.
  await expect(page.locator('#run-workdir-error')).toContainText('/no/such/folder/anywhere');
  await page.getByLabel('Working folder').fill('');
  await page.getByRole('button', { name: 'Start run' }).click();

  await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
  await expect(page.getByTestId('run-profile')).toHaveText('read-only');
  const tokens = page.getByTestId('limit-tokens').getByRole('meter');
  await expect(tokens).toHaveAttribute('aria-valuemax', '50000');
  await expect(page.getByTestId('limit-cost').getByRole('meter')).toHaveAttribute('aria-valuemax', '1.25');
});

test('a person chooses what each iteration remembers (the context mode) and sees it on the run page', async ({ page, engine }) => {
  await page.goto(`${engine.url}#/new`);
  await page.getByLabel('Template', { exact: true }).selectOption('plan-runner');
  // The template says fresh; the field offers it as inherited, and the summary says so.
  await expect(page.getByLabel('Context', { exact: true }).locator('option').first()).toHaveText('fresh (from template)');
  await expect(page.getByTestId('new-run-summary')).toContainText('fresh (from template)');
  await page.getByLabel('Context', { exact: true }).selectOption('summaries');
  await expect(page.getByTestId('new-run-summary')).toContainText('summaries');
  await page.getByRole('button', { name: 'Start run' }).click();

  await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
  await expect(page.getByTestId('run-context')).toHaveText('summaries · New conversation per iteration, with earlier summaries');
});
