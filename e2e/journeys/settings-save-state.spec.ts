import { expect, test } from '../fixtures/engine';

test('Settings has one save state: one bar names what is unsaved, leaving asks first, and letters typed into a field are never shortcuts', async ({
  page,
  engine,
}) => {
  await page.goto(`${engine.url}#/settings`);
  const bar = page.getByTestId('settings-save-bar');
  const state = page.getByTestId('settings-save-state');
  await expect(state).toHaveText('No unsaved changes.');
  // One Save for the whole page, not one per section.
  await expect(page.getByRole('button', { name: /^Save/ })).toHaveCount(1);
  await expect(bar.getByRole('button', { name: 'Save changes' })).toBeDisabled();

  // Letters typed into a field stay in the field: `n` (new run), `g s`, `?` never fire there, nor from a checkbox.
  await page.getByLabel('Default model').click();
  await page.keyboard.type('anthropic/gnu?');
  await expect(page.getByLabel('Default model')).toHaveValue('anthropic/gnu?');
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByLabel('Default model').fill('anthropic/claude-haiku-4-5');
  await page.getByRole('checkbox', { name: 'A run ended' }).focus();
  await page.keyboard.press('n');
  await expect(page).toHaveURL(/#\/settings$/);

  await page.getByLabel('Cost per day (USD)').fill('3');
  await page.getByRole('checkbox', { name: 'A run ended' }).uncheck();
  await expect(state).toHaveText('Unsaved changes: Run defaults, Daily budgets, Notifications');

  // Leaving with unsaved changes asks first; Stay keeps the page and what was typed.
  const question = page.getByTestId('leave-guard-dialog');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(question).toBeVisible();
  await expect(question).toContainText('Your changes to the settings are not saved.');
  await question.getByRole('button', { name: 'Stay on this page' }).click();
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByLabel('Cost per day (USD)')).toHaveValue('3');

  // A field that does not parse: Save refuses, focuses it, and sends nothing.
  await page.getByLabel('Max iterations').fill('many');
  await bar.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByLabel('Max iterations')).toBeFocused();
  await expect(page.locator('#defaults-maxIterations-error')).toHaveText('Use a whole number of at least 1');
  expect((await engine.api('settings.get', {})).budgets.dailyMaxCostUsd).toBeNull();

  // One Save sends every section.
  await page.getByLabel('Max iterations').fill('25');
  await bar.getByRole('button', { name: 'Save changes' }).click();
  await expect(state).toHaveText('Saved.');
  const saved = await engine.api('settings.get', {});
  expect(saved).toMatchObject({
    budgets: { dailyMaxCostUsd: 3 },
    runDefaults: { model: 'anthropic/claude-haiku-4-5', limits: { maxIterations: 25 } },
    notifications: { runEnded: false },
  });
  await expect(page.getByTestId('today-spend')).toContainText('of $3.00 today');

  // Discard puts the saved values back; then nothing holds the page.
  await page.getByLabel('Tokens per day').fill('1000');
  await expect(state).toHaveText('Unsaved changes: Daily budgets');
  await bar.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByLabel('Tokens per day')).toHaveValue('');
  await expect(state).toHaveText('No unsaved changes.');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page).toHaveURL(/#\/runs$/);
  await expect(question).toBeHidden();
});
