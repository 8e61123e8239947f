import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countingScript } from '../fixtures/counting-script';
import { expect, test } from '../fixtures/engine';
import { buildRunBundle } from '../fixtures/run-bundles';

/** Spawning the runner on a busy 2-core machine. */
const START_TIMEOUT_MS = 30_000;

test('an imported run that crashed resumes only after the person confirms what it may do here, in a dialog', async ({ page, engine }) => {
  const id = 'imported-crash';
  // The bundle asks for `trusted` and the root folder; neither is used.
  await engine.api('runs.import', {
    bundle: buildRunBundle(id, {
      run: {
        name: 'Imported crash',
        stopReason: 'crash',
        workdir: '/',
        permissions: { profile: 'trusted', rules: [], approvalTimeoutMs: 900_000, onApprovalTimeout: 'deny' },
      },
    }),
  });
  const imported = await engine.api('runs.get', { id });
  expect(imported).toMatchObject({ status: 'ended', stopReason: 'crash', pauseReason: null, permissions: { profile: 'ask' } });
  expect(imported.workdir).not.toBe('/');

  const script = await engine.writeScript('after-import', countingScript(1, 'loop'));
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-confirmed-'));
  await page.goto(`${engine.url}#/runs/${id}`);
  await page.getByRole('button', { name: 'Resume' }).click();

  const dialog = page.getByRole('dialog', { name: 'Confirm the imported run “Imported crash”' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Permissions')).toHaveValue('ask');
  await expect(dialog.getByLabel('Working folder')).toHaveValue(imported.workdir);
  await dialog.getByLabel('Permissions').selectOption('read-only');
  await dialog.getByLabel('Working folder').fill(workdir);
  await dialog.getByLabel('Model').fill(`scripted/${script}`);
  await dialog.getByRole('button', { name: 'Confirm and resume' }).click();
  await expect(dialog).toBeHidden();

  await expect.poll(async () => (await engine.api('runs.get', { id })).status, { timeout: START_TIMEOUT_MS }).toMatch(/^(starting|running)$/);
  expect(await engine.api('runs.get', { id })).toMatchObject({ permissions: { profile: 'read-only' }, workdir, model: `scripted/${script}` });
  await engine.api('runs.stop', { id });
});
