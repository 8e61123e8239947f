import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../fixtures/engine';

// The Schedules page and one schedule's history, light and dark (README "Schedules"). Only this file:
// `npx playwright test --config e2e/screenshots/screenshots.config.ts schedules`.

/** Slots every 2 s, runs spawned and played on a busy 2-core machine. */
const SLOTS_TIMEOUT_MS = 60_000;
const THEMES = ['light', 'dark'] as const;

test('the Schedules page and a schedule with its slot history, light and dark', async ({ page, engine, appRoot }) => {
  const folder = join(appRoot, 'docs', 'screenshots');
  await mkdir(folder, { recursive: true });
  const script = await engine.writeScript('slow-complete', {
    responses: [{ delayMs: 3_000, text: 'Counted.', toolCalls: [{ tool: 'complete', input: { reason: 'counted' } }] }],
    whenExhausted: 'repeat-last',
  });
  const model = `scripted/${script}`;
  await engine.api('schedules.create', {
    template: 'demo-counter',
    name: 'nightly-tasks',
    cron: '0 3 * * *',
    timezone: 'Europe/Berlin',
    settings: { model, profile: 'ask', onApprovalTimeout: 'deny' },
    maxCostUsdPerDay: 5,
  });
  await engine.api('schedules.create', { template: 'demo-counter', name: 'weekly-report', cron: '30 8 * * 1', timezone: 'UTC', settings: { model }, enabled: false });
  const busy = await engine.api('schedules.create', {
    template: 'demo-counter',
    name: 'every-two-seconds',
    cron: '*/2 * * * * *',
    timezone: 'UTC',
    settings: { model, loop: { intervalMs: 0 } },
  });
  await expect
    .poll(
      async () => {
        const { slots } = await engine.api('schedules.get', { id: busy.id, slots: 50 });
        return slots.filter((slot) => slot.runStatus === 'ended').length >= 3 && slots.some((slot) => slot.outcome === 'skipped_overlap');
      },
      { timeout: SLOTS_TIMEOUT_MS },
    )
    .toBe(true);
  await engine.api('schedules.pause', { id: busy.id });

  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(`${engine.url}#/schedules`);
    await expect(page.getByTestId('schedule-every-two-seconds')).toContainText('Paused');
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(folder, `schedules-${theme}.png`), animations: 'disabled' });
    await page.goto(`${engine.url}#/schedules/${busy.id}`);
    await expect(page.getByTestId('schedule-slot').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(folder, `schedule-history-${theme}.png`), animations: 'disabled' });
  }
});
