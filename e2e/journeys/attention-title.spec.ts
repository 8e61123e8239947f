import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { budgetScript, TOKENS_PER_ITERATION, writeFileScript } from '../fixtures/approval-scripts';
import { expect, test } from '../fixtures/engine';

/** Spawning a runner and its first model response, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 20_000;
/** Spawning the runner and one iteration that uses the whole budget. */
const PAUSES_TIMEOUT_MS = 20_000;

test('the tab title counts what waits for the person, approvals and budget pauses, and the card says what its timer does', async ({ page, engine }) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-work-'));
  try {
    await page.goto(engine.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
    await expect(page).toHaveTitle('Autoloop');
    const favicon = page.locator('link[rel="icon"]');

    const writer = await engine.writeScript('writer', writeFileScript('notes.txt', 'hello'));
    await engine.api('runs.start', {
      template: 'demo-counter',
      name: 'Writer',
      model: `scripted/${writer}`,
      workdir,
      permissions: { profile: 'ask', onApprovalTimeout: 'deny' },
    });
    await expect(page).toHaveTitle('(1) Autoloop', { timeout: ASKS_TIMEOUT_MS });
    await expect(favicon).toHaveAttribute('href', /^data:image\/svg\+xml,/);

    const budget = await engine.writeScript('budget', budgetScript());
    const paused = await engine.api('runs.start', {
      template: 'demo-counter',
      name: 'Small budget',
      model: `scripted/${budget}`,
      limits: { maxTokens: TOKENS_PER_ITERATION },
    });
    await expect(page).toHaveTitle('(2) Autoloop', { timeout: PAUSES_TIMEOUT_MS });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
    const card = page.getByTestId('approvals-inbox').locator('article');
    await expect(card.getByTestId('on-approval-timeout')).toHaveText('If nobody answers in time, it is denied and the run goes on.');
    await page.keyboard.press('a');
    await expect(page).toHaveTitle('(1) Autoloop');

    await engine.api('runs.stop', { id: paused.id });
    await expect(page).toHaveTitle('Autoloop');
    await expect(favicon).toHaveAttribute('href', 'data:,');
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
});
