import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { budgetScript, TOKENS_PER_ITERATION, writeFileScript } from '../fixtures/approval-scripts';
import { countingScript } from '../fixtures/counting-script';
import { type Engine, expect, test } from '../fixtures/engine';
import { buildRunBundle } from '../fixtures/run-bundles';

/** Spawning a runner and playing one iteration, on a busy 2-core machine. */
const STATE_TIMEOUT_MS = 30_000;
/** A fresh runner from the checkpoint and the script's last two iterations. */
const COMPLETES_TIMEOUT_MS = 30_000;

test.setTimeout(90_000);

/** Runs in many states: three live ones (asking, paused by its budget, running) and imported endings. */
async function seedRuns(engine: Engine): Promise<Readonly<{ asking: string; budget: string; running: string }>> {
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
  const running = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Counting for a long while with a name that does not fit in its column at all',
    model: `scripted/${await engine.writeScript('count', countingScript(10, 'loop'))}`,
  });
  const endings = [
    { id: 'ended-ok', name: 'Nightly docs pass', stopReason: 'completed' },
    { id: 'ended-stop', name: 'Stopped refactor', stopReason: 'user_stop' },
    { id: 'ended-stuck', name: 'Stuck loop', stopReason: 'stagnation', detail: 'the same summary 3 times in a row: "nothing left to do here at all"' },
    { id: 'ended-fail', name: 'Flaky provider', stopReason: 'failure_limit', detail: '3 failures in a row with the same cause: 529: overloaded' },
    { id: 'ended-key', name: 'Wrong key', stopReason: 'auth_failed', detail: '401: the key was refused by api.example.com' },
    { id: 'nightly-crash', name: 'Nightly test fix', stopReason: 'crash', detail: 'the runner exited without saying why (exit code none, signal SIGKILL)' },
  ] as const;
  for (const { id, ...run } of endings)
    await engine.api('runs.import', { bundle: buildRunBundle(id, { run: { ...run, iterations: 17, limits: { maxIterations: 60 } } }) });
  return { asking: asking.id, budget: budget.id, running: running.id };
}

/** The page must never scroll sideways: checked from the document's and the table's widths, not by eye. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const table = document.querySelector('[data-testid="runs-table"]');
    return {
      document: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
      table: table?.scrollWidth ?? 0,
      tableBox: table?.getBoundingClientRect().right ?? 0,
    };
  });
  expect(widths.document, 'the page scrolls sideways').toBeLessThanOrEqual(widths.viewport);
  expect(widths.tableBox, 'the table ends past the window').toBeLessThanOrEqual(widths.viewport);
}

test('the runs list says how each run ended and which need the person, one line each, fitting 1280 and 1024 px, keyboard and axe clean', async ({
  page,
  engine,
}) => {
  const ids = await seedRuns(engine);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(engine.url);
  const table = page.getByTestId('runs-table');
  const badge = (id: string) => table.getByTestId(`run-status-${id}`);
  await expect(badge(ids.asking)).toHaveText('Needs approval', { timeout: STATE_TIMEOUT_MS });
  await expect(badge(ids.budget)).toHaveText('Paused for budget', { timeout: STATE_TIMEOUT_MS });
  await expect(badge(ids.running)).toHaveText('Running');
  for (const [id, words] of [
    ['ended-ok', 'Completed'],
    ['ended-stop', 'Stopped by you'],
    ['ended-stuck', 'Stagnated'],
    ['ended-fail', 'Failed'],
    ['ended-key', 'Failed'],
    ['nightly-crash', 'Crashed'],
  ] as const) {
    await expect(badge(id)).toHaveText(words);
  }
  // Words, never identifiers.
  await expect(table).not.toContainText(/waiting_approval|user_stop|auth_failed|failure_limit|stop_reason/);
  await expect(table.getByTestId('run-reason-ended-key')).toHaveText('Stopped: the model provider refused the API key');

  // The runs that need the person come first, under "Needs you", each with Review.
  const needsYou = page.getByTestId('runs-needs-you');
  await expect(page.getByTestId('needs-you-heading')).toHaveText('Needs you 4');
  // Newest first within the group: the live runs, then the imports (same creation time: by id, descending).
  await expect(needsYou.locator('td.cell-name a')).toHaveText(['Small token budget', 'Write release notes', 'Nightly test fix', 'Wrong key']);
  await expect(needsYou.getByRole('link', { name: /^Review / })).toHaveCount(4);
  await expect(page.getByTestId('runs-others').getByRole('link', { name: /^Review / })).toHaveCount(0);
  await expect(table.locator('[data-testid="run-row-ended-ok"] td').nth(3)).toHaveText('17/60');

  // One line per row: every row is as tall as the shortest; a long name is cut, whole on hover.
  const heights = await table.locator('tr[data-run-row]').evaluateAll((rows) => rows.map((row) => Math.round(row.getBoundingClientRect().height)));
  expect(Math.max(...heights) - Math.min(...heights)).toBeLessThanOrEqual(1);
  await expect(table.locator(`[data-testid="run-row-${ids.running}"] td.cell-name`)).toHaveAttribute('title', /does not fit in its column at all/);
  await expectNoHorizontalOverflow(page);

  // The ⋯ panel opens over the list: the page still does not scroll sideways, Escape closes it.
  const more = page.getByRole('button', { name: 'More actions for Nightly docs pass' });
  await more.click();
  await expect(page.getByRole('button', { name: 'Delete Nightly docs pass' })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Delete Nightly docs pass' })).toHaveCount(0);
  await expect(more).toBeFocused();

  // The keyboard: j starts at the first row, j/k and the arrows move, Enter opens.
  await page.locator('h1').click();
  await page.keyboard.press('j');
  const rows = table.locator('tr[data-run-row]');
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(2)).toBeFocused();
  await page.keyboard.press('k');
  await expect(rows.nth(1)).toBeFocused();
  const second = (await rows.nth(1).getAttribute('data-testid'))?.replace('run-row-', '') ?? '';
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/runs/${second}$`));
  await page.goBack();

  expect(await seriousViolations(page)).toEqual([]);

  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(table).toBeVisible();
  await expectNoHorizontalOverflow(page);
  const heightsAt1024 = await table.locator('tr[data-run-row]').evaluateAll((all) => all.map((row) => Math.round(row.getBoundingClientRect().height)));
  expect(Math.max(...heightsAt1024) - Math.min(...heightsAt1024)).toBeLessThanOrEqual(1);
  await page.getByRole('button', { name: `More actions for Nightly docs pass` }).click();
  await expectNoHorizontalOverflow(page);
  expect(await seriousViolations(page)).toEqual([]);
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
  await expect(row.getByTestId(`run-status-${run.id}`)).toHaveText('Paused for budget', { timeout: STATE_TIMEOUT_MS });
  await expect(row.getByRole('link', { name: 'Review Small token budget' })).toBeVisible();

  await row.getByRole('button', { name: 'More actions for Small token budget' }).click();
  await expect(row.getByRole('button', { name: 'Resume Small token budget' })).toHaveCount(0);
  await row.getByRole('button', { name: 'Extend Small token budget' }).click();
  const dialog = page.getByRole('dialog', { name: 'Extend and resume “Small token budget”' });
  await expect(dialog.getByLabel('Max tokens')).toHaveValue(String(2 * TOKENS_PER_ITERATION));
  await dialog.getByLabel('Max tokens').fill('5000');
  await dialog.getByRole('button', { name: 'Extend and resume' }).click();
  await expect(dialog).toBeHidden();

  await expect(row.getByTestId(`run-status-${run.id}`)).toHaveText('Completed', { timeout: COMPLETES_TIMEOUT_MS });
  await expect(row.getByTestId(`run-reason-${run.id}`)).toHaveText('Completed: the agent called complete');
  expect(await engine.api('runs.get', { id: run.id })).toMatchObject({ stopReason: 'completed', iterations: 3, limits: { maxTokens: 5_000 } });
});

/** The serious and critical violations axe-core finds on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
