import type { Locator } from '@playwright/test';
import { budgetScript, TOKENS_PER_ITERATION, writeFileScript } from '../fixtures/approval-scripts';
import { type Engine, expect, test } from '../fixtures/engine';
import { buildRunBundle } from '../fixtures/run-bundles';

/** A common laptop window: the table must fit it without scrolling sideways. */
const VIEWPORT = { width: 1280, height: 800 } as const;
/** Spawning a runner and playing one iteration, on a busy 2-core machine. */
const STATE_TIMEOUT_MS = 30_000;
/** A fresh runner from the checkpoint and the script's last two iterations. */
const COMPLETES_TIMEOUT_MS = 30_000;

test.use({ viewport: VIEWPORT });

/** A run asking for approval (the row with the most actions) and a run paused by its budget; returns their ids. */
async function startLiveRuns(engine: Engine): Promise<Readonly<{ asking: string; budget: string }>> {
  const asking = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Write release notes',
    model: `scripted/${await engine.writeScript('write-notes', writeFileScript('NOTES.md', '# Notes\n'))}`,
    permissions: { profile: 'ask' },
  });
  const budget = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Small token budget',
    model: `scripted/${await engine.writeScript('budget', budgetScript())}`,
    limits: { maxTokens: TOKENS_PER_ITERATION },
  });
  return { asking: asking.id, budget: budget.id };
}

/** How many lines an inline element's text takes. */
async function lineCount(element: Locator): Promise<number> {
  return element.evaluate((node) => new Set(Array.from(node.getClientRects(), (rect) => Math.round(rect.top))).size);
}

test('at 1280×800 the runs table fits: every action is on screen, names keep one line, statuses read as words', async ({ page, engine }) => {
  const ids = await startLiveRuns(engine);
  await engine.api('runs.import', {
    bundle: buildRunBundle('nightly-crash', {
      run: { name: 'Nightly test fix', stopReason: 'crash', detail: 'the runner exited without saying why (exit code none, signal SIGKILL)' },
    }),
  });
  await engine.api('runs.import', { bundle: buildRunBundle('count-to-six', { run: { name: 'Count to six' } }) });

  await page.goto(engine.url);
  const table = page.getByTestId('runs-table');
  await expect(table.getByTestId(`run-status-${ids.asking}`)).toHaveText('Waiting for approval', { timeout: STATE_TIMEOUT_MS });
  await expect(table.getByTestId(`run-status-${ids.budget}`)).toHaveText('Paused', { timeout: STATE_TIMEOUT_MS });
  await expect(table.getByTestId(`run-reason-${ids.budget}`)).toHaveText('Paused: a budget limit was reached');
  await expect(table.getByTestId('run-status-nightly-crash')).toHaveText('Ended');
  await expect(table.getByTestId('run-reason-nightly-crash')).toHaveText('Crashed: the runner process exited unexpectedly');

  // No horizontal scrolling: the table fits the page, and every row's Delete is inside the window.
  const scroller = page.locator('.table-scroll');
  const widths = await scroller.evaluate((node) => ({ scroll: node.scrollWidth, client: node.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  const deletes = table.getByRole('button', { name: /^Delete / });
  await expect(deletes).toHaveCount(4);
  for (const button of await deletes.all()) {
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(VIEWPORT.width);
  }

  // The names get the room the reasons took: each of these short names stays on one line.
  for (const link of await table.getByRole('link').all()) expect(await lineCount(link)).toBe(1);
  // Statuses are words, never identifiers like `waiting_approval`.
  for (const chip of await table.locator('[data-testid^="run-status-"]').all()) await expect(chip).toHaveText(/^[A-Z][a-z]+( [a-z]+)*$/);
});

test('a run paused by its budget is extended and resumed from its row in the run list', async ({ page, engine }) => {
  const run = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Small token budget',
    model: `scripted/${await engine.writeScript('budget', budgetScript())}`,
    limits: { maxTokens: TOKENS_PER_ITERATION },
  });
  await page.goto(engine.url);
  const row = page.getByTestId(`run-row-${run.id}`);
  await expect(row.getByTestId(`run-status-${run.id}`)).toHaveText('Paused', { timeout: STATE_TIMEOUT_MS });
  await expect(row.getByRole('button', { name: 'Resume Small token budget' })).toHaveCount(0);

  await row.getByRole('button', { name: 'Extend Small token budget' }).click();
  const dialog = page.getByRole('dialog', { name: 'Extend and resume “Small token budget”' });
  await expect(dialog.getByLabel('Max tokens')).toHaveValue(String(TOKENS_PER_ITERATION));
  await dialog.getByLabel('Max tokens').fill('5000');
  await dialog.getByRole('button', { name: 'Extend and resume' }).click();
  await expect(dialog).toBeHidden();

  await expect(row.getByTestId(`run-status-${run.id}`)).toHaveText('Ended', { timeout: COMPLETES_TIMEOUT_MS });
  await expect(row.getByTestId(`run-reason-${run.id}`)).toHaveText('Completed: the agent called complete');
  expect(await engine.api('runs.get', { id: run.id })).toMatchObject({ stopReason: 'completed', iterations: 3, limits: { maxTokens: 5_000 } });
});
