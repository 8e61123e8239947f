import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../fixtures/engine';

/** The lint waits for a pause in typing, then asks the engine. */
const LINT_TIMEOUT_MS = 10_000;
/** A dry run spawns a runner with the template's scripted demo. */
const DRY_RUN_TIMEOUT_MS = 20_000;

test('a person duplicates a built-in template, edits it with live lint and a preview, saves, compares revisions, exports and dry-runs', async ({
  page,
  engine,
}) => {
  await page.goto(`${engine.url}#/templates`);
  await expect(page.getByTestId('template-test-fixer')).toContainText('Built-in');
  await page.getByRole('link', { name: 'test-fixer', exact: true }).click();
  await expect(page).toHaveURL(/#\/templates\/test-fixer$/);
  await expect(page.getByRole('heading', { level: 1, name: 'test-fixer' })).toBeVisible();
  await expect(page.getByText('Built-in templates cannot be changed here')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(page.getByTestId('template-preview').getByRole('heading', { name: 'Test fixer' })).toBeVisible();

  await page.getByRole('button', { name: 'Duplicate to my templates' }).click();
  await page.getByLabel('Name of the copy').fill('my-fixer');
  await page.getByRole('button', { name: 'Create copy' }).click();
  await expect(page).toHaveURL(/#\/templates\/my-fixer$/);
  await expect(page.getByText('Yours', { exact: true })).toBeVisible();

  // An unknown placeholder: the engine's lint marks it in the editor and lists it.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nAlso check {{coverage_goal}} before you stop.\n');
  await expect(page.getByTestId('template-dirty')).toBeVisible();
  await expect(page.getByTestId('template-findings')).toContainText('{{coverage_goal}}', { timeout: LINT_TIMEOUT_MS });
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  // The preview marks it too (with words for screen readers), and says above it that it is not declared.
  await expect(page.getByTestId('template-preview')).toContainText('Also check {{coverage_goal}} (not a declared param) before you stop.');
  await expect(page.getByTestId('template-preview').getByTestId('unknown-placeholder')).toHaveText('{{coverage_goal}} (not a declared param)');
  await expect(page.getByTestId('preview-unknown-params')).toContainText('Not declared under params: {{coverage_goal}}');

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('template-dirty')).toHaveCount(0);
  const revisions = page.getByTestId('template-revisions');
  await expect(revisions.getByRole('heading')).toContainText('(2)');
  await revisions.getByRole('button', { name: 'Show diff' }).click();
  await expect(page.getByTestId('template-diff')).toContainText('+Also check {{coverage_goal}} before you stop.');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('my-fixer.md');
  const exported = join(engine.dataDir, 'exported.md');
  await download.saveAs(exported);
  expect(await readFile(exported, 'utf8')).toContain('Also check {{coverage_goal}} before you stop.');

  // A template with lint errors cannot run: the engine says why, where the person clicked.
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByRole('alert')).toContainText('Could not dry run the template:');

  // The built-in demo dry-runs with its scripted model.
  await page.goto(`${engine.url}#/templates/demo-counter`);
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'demo-counter (dry run)' })).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveText(/Starting|Running|Ended/, { timeout: DRY_RUN_TIMEOUT_MS });
});

test('a person imports a Markdown file as a template; without a name in its front-matter it takes the file’s name', async ({ page, engine }) => {
  const file = join(engine.dataDir, 'Release Notes.md');
  await writeFile(file, '---\ndescription: Drafts release notes from the git log.\n---\n# Release notes\n\nRead `git log` and write the notes.\n');
  await page.goto(`${engine.url}#/templates`);
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import template…' }).click();
  await (await choosing).setFiles(file);
  await expect(page).toHaveURL(/#\/templates\/release-notes$/);
  await expect(page.getByTestId('template-preview').getByRole('heading', { name: 'Release notes' })).toBeVisible();

  // The same file again: the name is taken, and the engine says so.
  await page.goto(`${engine.url}#/templates`);
  const again = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import template…' }).click();
  await (await again).setFiles(file);
  await expect(page.getByRole('alert')).toContainText('already exists');
});

test('a YAML error points at the line that is wrong: the line in its message, a marker on that line, and a click goes there', async ({ page, engine }) => {
  await engine.api('templates.duplicate', { name: 'demo-counter', newName: 'my-counter' });
  await page.goto(`${engine.url}#/templates/my-counter`);
  await expect(page.getByRole('heading', { level: 1, name: 'my-counter' })).toBeVisible();
  // A quote opened on line 3 and never closed: YAML only notices at the end of the front-matter.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('summary: "never closed');
  const findings = page.getByTestId('template-findings');
  await expect(findings).toContainText('Line 3, column 10:', { timeout: LINT_TIMEOUT_MS });
  await expect(findings).toContainText('YAML, line 3: Missing closing "quote');
  await expect(page.locator('.cm-line').nth(2).locator('.cm-lintRange-error')).toBeVisible();
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
  await findings.getByRole('button', { name: /Line 3, column 10/ }).click();
  await expect(page.locator('.cm-activeLine')).toContainText('summary: "never closed');
});
