import { expect, test } from '../fixtures/engine';

test('a person adds a provider (its key is never shown back), tests it, sets budgets and defaults, checks and compacts the data, and picks a theme', async ({
  page,
  engine,
}) => {
  await page.goto(engine.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/#\/settings$/);

  // A local OpenAI-compatible server on a port nothing listens on: the engine's test says what is wrong.
  await page.getByRole('button', { name: 'Add a provider' }).click();
  const form = page.getByRole('form', { name: 'Add a provider' });
  await form.getByLabel('Name').fill('local');
  await form.getByLabel('Base URL').fill('not a url');
  await form.getByRole('button', { name: 'Add provider' }).click();
  await expect(form.getByText('a base URL starts with http:// or https://')).toBeVisible();
  await form.getByLabel('Base URL').fill('http://127.0.0.1:9/v1');
  await form.getByLabel('API key').fill('sk-local-secret');
  await form.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByTestId('provider-key-local')).toHaveText('key set');
  const providers = await engine.api('providers.list', {});
  expect(providers.find((provider) => provider.name === 'local')).toMatchObject({
    type: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:9/v1',
    apiKeySet: true,
  });

  await page.getByRole('button', { name: 'Edit local' }).click();
  await expect(page.getByRole('form', { name: 'Edit local' }).getByLabel('API key')).toHaveValue('');
  await expect(page.getByRole('form', { name: 'Edit local' }).getByLabel('API key')).toHaveAttribute('type', 'password');
  await page.getByRole('form', { name: 'Edit local' }).getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Test local' }).click();
  await expect(page.getByTestId('provider-test-local')).toContainText('127.0.0.1:9');

  await page.getByLabel('Cost per day (USD)').fill('2.5');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('settings-save-state')).toHaveText('Saved.');
  await expect(page.getByTestId('today-spend')).toContainText('of $2.50 today');

  await page.getByLabel('Max iterations').fill('many');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#defaults-maxIterations-error')).toHaveText('Use a whole number of at least 1');
  await page.getByLabel('Max iterations').fill('25');
  await page.getByLabel('Permission profile').selectOption('workspace-write');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('settings-save-state')).toHaveText('Saved.');
  const settings = await engine.api('settings.get', {});
  expect(settings).toMatchObject({ budgets: { dailyMaxCostUsd: 2.5 }, runDefaults: { limits: { maxIterations: 25 }, profile: 'workspace-write' } });

  await expect(page.getByTestId('data-folder')).toHaveText(engine.dataDir);
  await page.getByRole('button', { name: 'Check integrity' }).click();
  await expect(page.getByTestId('maintenance-outcome')).toHaveText('The database is intact.');
  await page.getByRole('button', { name: 'Compact' }).click();
  await expect(page.getByTestId('maintenance-outcome')).toContainText(/Compacted: .+ before, .+ after\./);

  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('radio', { name: 'Light' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
