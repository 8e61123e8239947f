import { expect, test } from '../fixtures/engine';

const TYPED = 'Also g t n / ? keep going.';

test('typed work is never lost: shortcuts stay out of the editor, and leaving it or closing the tab with unsaved edits asks first', async ({
  page,
  engine,
}) => {
  await engine.api('templates.duplicate', { name: 'demo-counter', newName: 'my-counter' });
  await page.goto(`${engine.url}#/templates/my-counter`);
  await expect(page.getByRole('heading', { level: 1, name: 'my-counter' })).toBeVisible();

  // Single-letter shortcuts (g t, n, /, ?) are typed into the editor, never taken as shortcuts.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`\n${TYPED}\n`);
  await expect(page).toHaveURL(/#\/templates\/my-counter$/);
  await expect(page.locator('.cm-content')).toContainText(TYPED);
  await expect(page.getByTestId('template-dirty')).toBeVisible();

  // A link out of the editor asks; Stay keeps the page, its address and the edits.
  const question = page.getByTestId('leave-guard-dialog');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(question).toBeVisible();
  await expect(question).toContainText('Your changes to the template my-counter are not saved.');
  await expect(page).toHaveURL(/#\/templates\/my-counter$/);
  await question.getByRole('button', { name: 'Stay on this page' }).click();
  await expect(question).toBeHidden();
  await expect(page.locator('.cm-content')).toContainText(TYPED);

  // So does a shortcut from outside the editor (g r), and Esc means Stay.
  await page.getByRole('heading', { level: 1, name: 'my-counter' }).click();
  await page.keyboard.press('g');
  await page.keyboard.press('r');
  await expect(question).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(question).toBeHidden();
  await expect(page).toHaveURL(/#\/templates\/my-counter$/);

  // Closing the tab asks the browser's own question; dismissing it keeps the page.
  const unloadQuestion = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await unloadQuestion;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  await expect(page.locator('.cm-content')).toContainText(TYPED);

  // Leave without saving goes where the person asked; the saved template is as it was.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await question.getByRole('button', { name: 'Leave without saving' }).click();
  await expect(page).toHaveURL(/#\/runs$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  expect((await engine.api('templates.get', { name: 'my-counter' })).text).not.toContain(TYPED);
});
