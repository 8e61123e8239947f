import type { Page } from '@playwright/test';
import { budgetScript, TOKENS_PER_ITERATION } from '../fixtures/approval-scripts';
import { expect, test } from '../fixtures/engine';
import { buildRunBundle } from '../fixtures/run-bundles';

/** Spawning a runner and playing one iteration, on a busy 2-core machine. */
const STATE_TIMEOUT_MS = 30_000;

/** The page must never scroll sideways: checked from the document's width, not by eye. */
async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));
  expect(widths.document, `${where} scrolls sideways`).toBeLessThanOrEqual(widths.viewport);
}

/** How many lines the top bar takes (it must keep one): its shown items' rows, by their vertical middles. */
async function headerLines(page: Page): Promise<number> {
  return page.locator('.app-header').evaluate((header) => {
    const shown = Array.from(header.children).filter((child) => child.getClientRects().length > 0);
    const middles = shown.map((child) => {
      const box = child.getBoundingClientRect();
      return box.top + box.height / 2;
    });
    return middles.filter((middle, index) => middles.findIndex((other) => Math.abs(other - middle) < 8) === index).length;
  });
}

test('the window fits 1280, 1024 and 420 px: icons below 1000 px, a drawer and run cards when narrow, a one-line top bar, meta values that wrap whole', async ({
  page,
  engine,
}) => {
  const budget = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Small token budget with a long name that must wrap or be cut',
    model: `scripted/${await engine.writeScript('budget', budgetScript())}`,
    limits: { maxTokens: TOKENS_PER_ITERATION },
  });
  await engine.api('runs.import', {
    bundle: buildRunBundle('ended-ok', {
      run: { name: 'Nightly docs pass', iterations: 17, limits: { maxIterations: 60 }, detail: 'all the docs are up to date now' },
    }),
  });

  for (const width of [1280, 1024, 420]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`${engine.url}#/runs`);
    await expect(page.getByTestId(`run-status-${budget.id}`)).toHaveText('Paused for budget', { timeout: STATE_TIMEOUT_MS });
    await expectNoHorizontalOverflow(page, `the runs list at ${width} px`);
    expect(await headerLines(page), `the top bar at ${width} px`).toBe(1);
    const sidebar = page.getByRole('navigation', { name: 'Main' });
    if (width === 1280) {
      await expect(sidebar.getByRole('link', { name: 'Runs', exact: true })).toContainText('Runs');
      expect((await sidebar.boundingBox())?.width ?? 0).toBeGreaterThan(120);
    }
    if (width === 1024) expect((await sidebar.boundingBox())?.width ?? 0).toBeGreaterThan(120);
    if (width === 420) {
      // A drawer: hidden until Menu opens it; a link closes it again.
      await expect(sidebar).toBeHidden();
      const menu = page.getByRole('button', { name: 'Menu' });
      await menu.click();
      await expect(sidebar.getByRole('link', { name: 'Settings', exact: true })).toBeVisible();
      await sidebar.getByRole('link', { name: 'Settings', exact: true }).click();
      await expect(page).toHaveURL(/#\/settings$/);
      await expect(sidebar).toBeHidden();
      await expectNoHorizontalOverflow(page, 'settings at 420 px');
      await page.goto(`${engine.url}#/runs`);
      // Runs are cards: the badge, the name and the figures, one card per run, each within the window.
      const card = page.getByTestId(`run-row-${budget.id}`);
      const box = await card.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(420);
      expect(await card.evaluate((row) => getComputedStyle(row).display)).toBe('flex');
      await expect(card.locator('[data-label="Progress"]')).toHaveText('1/20');
      expect(await card.locator('[data-label="Progress"]').evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"Progress "');
    }

    // The run page: meta values never break a letter per line (each value is at least a few characters wide).
    await page.goto(`${engine.url}#/runs/${encodeURIComponent(budget.id)}`);
    await expect(page.getByTestId('run-status')).toBeVisible();
    await expectNoHorizontalOverflow(page, `the run page at ${width} px`);
    const narrowest = await page
      .locator('.run-summary .facts dd')
      .evaluateAll((values) => Math.min(...values.map((value) => value.getBoundingClientRect().width)));
    expect(narrowest, `a meta value at ${width} px`).toBeGreaterThan(24);
    expect(await headerLines(page), `the top bar at ${width} px`).toBe(1);
  }

  // Below 1000 px the sidebar keeps only its icons, with the names for screen readers and tooltips.
  await page.setViewportSize({ width: 900, height: 800 });
  await page.goto(`${engine.url}#/runs`);
  const sidebar = page.getByRole('navigation', { name: 'Main' });
  expect((await sidebar.boundingBox())?.width ?? 0).toBeLessThan(70);
  await expect(sidebar.getByRole('link', { name: 'Templates', exact: true })).toHaveAttribute('title', 'Templates');
  await expectNoHorizontalOverflow(page, 'the runs list at 900 px');
});
