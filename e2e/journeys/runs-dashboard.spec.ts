import { countingScript } from '../fixtures/counting-script';
import { expect, test } from '../fixtures/engine';
import { buildRunBundle } from '../fixtures/run-bundles';

/** Spawning the runner and its first iteration, then the pause at the next gate, on a busy 2-core machine. */
const PAUSE_TIMEOUT_MS = 30_000;

test('a person filters and searches the runs, pauses one from its row, and moves around with the keyboard', async ({ page, engine }) => {
  await engine.api('runs.import', { bundle: buildRunBundle('nightly-ok', { run: { name: 'Nightly docs pass' } }) });
  await engine.api('runs.import', { bundle: buildRunBundle('nightly-crash', { run: { name: 'Nightly test fix', stopReason: 'crash' } }) });
  const script = await engine.writeScript('count-forever', countingScript(5, 'loop'));
  const live = await engine.api('runs.start', { template: 'demo-counter', name: 'Counting live', model: `scripted/${script}` });

  await page.goto(engine.url);
  const table = page.getByTestId('runs-table');
  const filters = page.getByRole('group', { name: 'Show runs' });
  await expect(table.locator('tr[data-run-row]')).toHaveCount(3);
  await expect(filters.getByRole('button', { name: /^Failed/ })).toHaveText('Failed 1');

  await filters.getByRole('button', { name: /^Failed/ }).click();
  await expect(table.locator('td.cell-name a')).toHaveText(['Nightly test fix']);
  await filters.getByRole('button', { name: /^Ended/ }).click();
  // The crashed run can be resumed: it waits for the person, pinned first.
  await expect(table.locator('td.cell-name a')).toHaveText(['Nightly test fix', 'Nightly docs pass']);
  await filters.getByRole('button', { name: /^All/ }).click();

  // `/` focuses the search; the id matches too.
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search runs')).toBeFocused();
  await page.keyboard.type('nightly-ok');
  await expect(table.locator('td.cell-name a')).toHaveText(['Nightly docs pass']);
  await page.getByLabel('Search runs').fill('');

  await page.getByRole('button', { name: 'Pause Counting live' }).click();
  await expect(page.getByTestId(`run-status-${live.id}`)).toHaveText('Paused by you', { timeout: PAUSE_TIMEOUT_MS });
  await expect(page.getByRole('button', { name: 'Resume Counting live' })).toBeVisible();
  // A paused run has no process, so it can be deleted (an active one cannot); Delete is behind ⋯.
  await page.getByRole('button', { name: 'More actions for Counting live' }).click();
  await expect(page.getByRole('button', { name: 'Delete Counting live' })).toBeEnabled();
  await page.keyboard.press('Escape');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'More actions for Nightly docs pass' }).click();
  await page.getByRole('button', { name: 'Export Nightly docs pass' }).click();
  expect((await downloading).suggestedFilename()).toBe('Nightly docs pass-nightly-ok.autoloop.json');

  // Keyboard: the help, then g t, g a, g s, g r and n.
  await page.locator('body').click();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
  for (const [key, hash] of [
    ['t', '#/templates'],
    ['a', '#/approvals'],
    ['s', '#/settings'],
    ['r', '#/runs'],
  ] as const) {
    await page.keyboard.press('g');
    await page.keyboard.press(key);
    await expect(page).toHaveURL(new RegExp(`${hash}$`));
  }
  await page.keyboard.press('n');
  await expect(page).toHaveURL(/#\/new$/);
});

test('a run that crashed shows its exit code, signal and the runner’s last output', async ({ page, engine }) => {
  const id = 'crashed-run';
  await engine.api('runs.import', {
    bundle: buildRunBundle(id, {
      run: { name: 'Crashed run', stopReason: 'crash', detail: 'the runner exited without saying why (exit code 134, signal SIGABRT)' },
      events: [
        {
          runId: id,
          seq: 1,
          iteration: 0,
          kind: 'error',
          data: { message: 'the runner exited without saying why', exitCode: 134, signal: 'SIGABRT', stderrTail: 'free(): invalid pointer' },
          at: '2026-01-05T09:04:00.000Z',
        },
      ],
    }),
  });
  await page.goto(`${engine.url}#/runs/${id}`);
  const details = page.getByTestId('crash-details');
  await expect(details.getByTestId('crash-exit-code')).toHaveText('134');
  await expect(details.getByTestId('crash-signal')).toHaveText('SIGABRT');
  await expect(details.getByTestId('crash-stderr')).toHaveText('free(): invalid pointer');
  await details.locator('summary').click();
  await expect(details.getByTestId('crash-stderr')).toBeHidden();
});
