import { expect, test } from '../fixtures/engine';

/** Slots every 2 s; a run spawns, plays one 3 s turn and ends, on a busy 2-core machine. */
const SLOTS_TIMEOUT_MS = 45_000;
const EVERY_2_S = '*/2 * * * * *';

test.setTimeout(120_000);

test('a person creates a schedule from the Schedules page, watches slots start runs and skip an overlap, and pauses it', async ({ page, engine }) => {
  // One turn of 3 s, then complete: each run outlasts the next 2 s slot, which the overlap rule skips.
  const script = await engine.writeScript('slow-complete', {
    responses: [{ delayMs: 3_000, text: 'Counted.', toolCalls: [{ tool: 'complete', input: { reason: 'counted' } }] }],
    whenExhausted: 'repeat-last',
  });
  await page.goto(`${engine.url}#/schedules`);
  await expect(page.getByRole('heading', { name: 'Schedules', level: 1 })).toBeVisible();
  await expect(page.getByText('No schedules yet.')).toBeVisible();
  await page.getByRole('link', { name: 'New schedule' }).click();

  await expect(page.getByRole('heading', { name: 'New schedule' })).toBeVisible();
  await page.getByLabel('Template').selectOption('demo-counter');
  await page.getByLabel('Name', { exact: true }).fill('every-two');
  // A bad field first: the engine's refusal points at its column.
  await page.getByLabel('Cron expression').fill('*/2 * * * 13 *');
  await page.getByLabel('Time zone').fill('UTC');
  await page.getByLabel('Provider').selectOption('custom');
  await page.getByLabel('Model', { exact: true }).fill(`scripted/${script}`);
  await page.getByLabel('Permissions').selectOption('ask');
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await expect(page.locator('#schedule-cron-error')).toContainText('column 11');
  await expect(page.getByTestId('cron-caret')).toBeVisible();
  await expect(page.getByLabel('Cron expression')).toBeFocused();

  // The unattended contract: runs that may ask need an outcome for an approval nobody answers.
  await page.getByLabel('Cron expression').fill(EVERY_2_S);
  await expect(page.getByTestId('cron-words')).toHaveText('Runs every 2 seconds.');
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await expect(page.locator('#schedule-on-approval-timeout-error')).toContainText('pick what happens when nobody answers');
  await expect(page.getByLabel('When an approval times out')).toBeFocused();
  await page.getByLabel('When an approval times out').selectOption('deny');
  await page.getByRole('button', { name: 'Create schedule' }).click();

  // The schedule's page: two slots start runs, one is skipped because its run was still going, each in words.
  await expect(page.getByRole('heading', { name: /every-two/ })).toBeVisible();
  await expect(page.getByTestId('schedule-state')).toHaveText('Enabled');
  const slots = page.getByTestId('schedule-slot');
  const started = slots.filter({ has: page.getByText('started a run') });
  await expect(started.nth(1)).toBeVisible({ timeout: SLOTS_TIMEOUT_MS });
  await expect(started.first().getByRole('link')).toHaveText(/\S+/);
  const skipped = slots.filter({ has: page.getByText('skipped: overlap') });
  await expect(skipped.first()).toBeVisible({ timeout: SLOTS_TIMEOUT_MS });
  await expect(skipped.first()).toContainText('previous run of this schedule was still active');
  await expect(page.getByTestId('outcome-sparkline').getByRole('img')).toHaveAccessibleName(/started a run/);

  // The list shows it with its rule in words.
  await page.getByRole('link', { name: 'Schedules', exact: true }).first().click();
  const row = page.getByTestId('schedule-every-two');
  await expect(row).toContainText('every 2 seconds');
  await expect(row).toContainText('Enabled');
  await row.getByRole('link', { name: 'every-two' }).click();

  // Paused: no more runs, and the next slots are recorded as skipped while paused.
  await page.getByRole('button', { name: 'Pause schedule' }).click();
  await expect(page.getByTestId('schedule-state')).toHaveText('Paused');
  await expect(page.getByRole('button', { name: 'Resume schedule' })).toBeVisible();
  const detail = await engine.api('schedules.get', { id: 'every-two', slots: 0 });
  expect(detail.schedule).toMatchObject({ enabled: false, nextDueAt: null, settings: { profile: 'ask', onApprovalTimeout: 'deny' } });

  // Edit opens on what it pins; a change is saved and shown.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Cron expression')).toHaveValue(EVERY_2_S);
  await expect(page.getByLabel('When an approval times out')).toHaveValue('deny');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(`scripted/${script}`);
  await page.getByLabel('When the previous run is still active').selectOption('queue');
  await page.getByLabel('Name', { exact: true }).fill('every-other-second');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByRole('heading', { name: /every-other-second/ })).toBeVisible();
  await expect(page.getByTestId('schedule-state')).toHaveText('Paused');
  const { schedule } = await engine.api('schedules.get', { id: 'every-other-second', slots: 0 });
  expect(schedule).toMatchObject({ id: detail.schedule.id, overlap: 'queue', enabled: false, template: 'demo-counter' });

  // Another template: the name the person gave stays.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('every-other-second');
  await page.getByLabel('Template').selectOption('research-notes');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('every-other-second');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByTestId('schedule-state')).toHaveText('Paused');
  expect((await engine.api('schedules.get', { id: detail.schedule.id, slots: 0 })).schedule).toMatchObject({
    name: 'every-other-second',
    template: 'research-notes',
  });
});
