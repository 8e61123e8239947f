import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/engine';

/** demo-counter counts one number a second (its interval) and completes at the target. */
const RUN_TIMEOUT_MS = 30_000;

test('without a key the form opens on the scripted demo, says what a run inherits, focuses the first field to fix, remembers the last run and runs an ended one again', async ({
  page,
  engine,
}) => {
  const folder = await mkdtemp(join(tmpdir(), 'autoloop-e2e-work-'));
  try {
    // A template card's Run button opens the form on that template; no provider has a key, so the model is its scripted demo.
    await page.goto(`${engine.url}#/templates`);
    await page.getByRole('link', { name: 'Run test-fixer' }).click();
    await expect(page).toHaveURL(/#\/new\/template\/test-fixer$/);
    await expect(page.getByLabel('Template', { exact: true })).toHaveValue('test-fixer');
    await expect(page.getByLabel('Model', { exact: true })).toHaveValue('scripted/test-fixer');
    await expect(page.getByLabel('Provider')).toHaveValue('demo');

    // Params by their readable names; what empty fields inherit, said as such.
    await expect(page.getByLabel('Test command')).toHaveValue('npm test');
    await expect(page.getByLabel('Max attempts')).toHaveValue('2');
    await expect(page.getByLabel('Max iterations')).toHaveAttribute('placeholder', '30 (from template)');
    await expect(page.getByLabel('Max tokens')).toHaveAttribute('placeholder', 'No limit');
    await expect(page.getByLabel('Permissions').locator('option').first()).toHaveText('workspace-write (from template)');
    await expect(page.getByLabel('Isolation').locator('option').first()).toHaveText('auto (worktree inside a git repository, else none)');
    const summary = page.getByTestId('new-run-summary');
    await expect(summary).toContainText('iterations 30 (from template)');
    await expect(summary).toContainText('workspace-write (from template)');
    await expect(summary.getByRole('button', { name: 'Start run' })).toBeInViewport();

    // Trusted carries a warning.
    await expect(page.getByTestId('trusted-warning')).toHaveCount(0);
    await page.getByLabel('Permissions').selectOption('trusted');
    await expect(page.getByTestId('trusted-warning')).toContainText('outside the sandbox');
    await page.getByLabel('Permissions').selectOption('');

    // A refused submit puts the focus on the first field to fix, in the order the form shows them.
    await page.getByLabel('Max tokens').fill('lots');
    await page.getByLabel('Allowed hosts').fill('https://api.github.com');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page.getByLabel('Allowed hosts')).toBeFocused();
    await expect(page.locator('#run-network-error')).toContainText('"https://api.github.com" is not a host name');
    await page.getByLabel('Allowed hosts').fill('api.github.com');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page.getByLabel('Max tokens')).toBeFocused();

    // A demo-counter run in a chosen folder, with its own limit: it completes.
    await page.goto(`${engine.url}#/new`);
    await page.getByLabel('Template', { exact: true }).selectOption('demo-counter');
    await page.getByLabel('Target', { exact: true }).fill('2');
    await page.getByLabel('Working folder').fill(folder);
    await page.getByLabel('Max tokens').fill('50000');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
    const firstId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    await expect(page.getByTestId('run-again')).toBeVisible({ timeout: RUN_TIMEOUT_MS });

    // The form remembers the last-used template, model and folder.
    await page.goto(`${engine.url}#/new`);
    await expect(page.getByLabel('Template', { exact: true })).toHaveValue('demo-counter');
    await expect(page.getByLabel('Model', { exact: true })).toHaveValue('scripted/demo-counter');
    await expect(page.getByLabel('Working folder')).toHaveValue(folder);

    // Run again: the form prefilled with that run's settings, and it starts.
    await page.goto(`${engine.url}#/runs/${encodeURIComponent(firstId)}`);
    await page.getByTestId('run-again').click();
    await expect(page).toHaveURL(new RegExp(`#/new/again/${firstId}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Run again' })).toBeVisible();
    await expect(page.getByLabel('Target', { exact: true })).toHaveValue('2');
    await expect(page.getByLabel('Working folder')).toHaveValue(folder);
    await expect(page.getByLabel('Max tokens')).toHaveValue('50000');
    await expect(page.getByLabel('Max iterations')).toHaveValue('20');
    await expect(page.getByLabel('Permissions')).toHaveValue('read-only');
    await expect(page.getByLabel('Isolation')).toHaveValue('none');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
    const againId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    expect(againId).not.toBe(firstId);
    const again = await engine.api('runs.get', { id: againId });
    expect(again).toMatchObject({ template: 'demo-counter', model: 'scripted/demo-counter', workdir: folder, params: { target: 2 }, isolation: 'none' });
    expect(again.limits).toMatchObject({ maxTokens: 50_000, maxIterations: 20 });
    expect(again.permissions.profile).toBe('read-only');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('with a key the form opens on the template’s model or your default, and warns about none', async ({ page, engine }) => {
  await engine.api('providers.set', { name: 'anthropic', config: { type: 'anthropic', apiKey: 'sk-ant-e2e-not-real' } });
  await engine.api('settings.set', { runDefaults: { model: 'anthropic/claude-haiku-4-5', limits: { maxTokens: 40_000 } } });
  await page.goto(`${engine.url}#/new/template/test-fixer`);
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('anthropic/claude-sonnet-4-5');
  await expect(page.getByLabel('Max tokens')).toHaveAttribute('placeholder', '40000 (from your defaults)');
  await page.getByLabel('Template', { exact: true }).selectOption('demo-counter');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('anthropic/claude-haiku-4-5');
  await expect(page.getByTestId('new-run-warning')).toHaveCount(0);
});
