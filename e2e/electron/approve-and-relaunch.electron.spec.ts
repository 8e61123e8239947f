import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ScriptedScript } from '../../src/shared/scripted-script';
import { type LaunchedApp, attachOutputOnFailure, callThroughBridge, electronBinary, launchAutoloop, skipWithoutElectron } from './electron-app';

const binary = electronBinary();
// Decided in the worker, so the reason reaches the reporter's output as well as the JSON report.
test.beforeEach(() => skipWithoutElectron(test, binary));

/** Two iterations with a person's answer between them, on a busy machine. */
const RUN_TIMEOUT_MS = 30_000;
const RUN_NAME = 'Count with a note';

test('a person approves a scripted run in the desktop app, watches it complete, and finds it in the history after a relaunch', async () => {
  const testInfo = test.info();
  test.setTimeout(120_000);
  if (binary === null) return;
  const home = await mkdtemp(join(tmpdir(), 'autoloop-electron-'));
  const userData = join(home, 'user-data');
  const workdir = join(home, 'work');
  let launched: LaunchedApp | null = null;
  try {
    const scriptFile = join(home, 'note-then-complete.json');
    // One write (which the "ask" profile must ask about), then the counter's own finish.
    const script = ScriptedScript.parse({
      responses: [
        { text: 'Writing a note first.', toolCalls: [{ tool: 'write_file', input: { path: 'note.txt', content: 'counted' } }] },
        {
          text: 'Counted to 1.',
          toolCalls: [
            { tool: 'report', input: { summary: 'Counted to 1.' } },
            { tool: 'complete', input: { reason: 'counted to 1' } },
          ],
        },
      ],
      whenExhausted: 'repeat-last',
    });
    await writeFile(scriptFile, JSON.stringify(script));

    launched = await launchAutoloop(binary, userData);
    const { window: page } = launched;
    await expect(page.getByRole('link', { name: 'New run' })).toBeVisible();
    // demo-counter itself is read-only; this run asks before writes, so a person must answer.
    const started = (await callThroughBridge(page, 'runs.start', {
      template: 'demo-counter',
      name: RUN_NAME,
      model: `scripted/${scriptFile}`,
      workdir,
      params: { target: 1 },
      loop: { intervalMs: 0 },
      permissions: { profile: 'ask' },
    })) as { ok: boolean; value?: { id: string } };
    expect(started.ok).toBe(true);
    const runId = started.value?.id ?? '';

    await page
      .getByRole('link', { name: /Approvals/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Allow once' }).click({ timeout: RUN_TIMEOUT_MS });
    await page.evaluate((id) => void (location.hash = `#/runs/${encodeURIComponent(id)}`), runId);
    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: RUN_TIMEOUT_MS });
    await expect(page.getByTestId('run-reason')).toContainText('Completed');

    // Quitting with no active run asks nothing and closes the engine cleanly.
    await launched.app.close();
    launched = await launchAutoloop(binary, userData);
    await launched.window.getByRole('link', { name: 'Runs', exact: true }).click();
    await expect(launched.window.getByRole('link', { name: RUN_NAME })).toBeVisible();
    await expect(launched.window.getByTestId(`run-status-${runId}`)).toHaveText('Completed');
  } finally {
    await attachOutputOnFailure(testInfo, launched, 'electron main output');
    await launched?.app.close().catch(() => undefined);
    await rm(home, { recursive: true, force: true, maxRetries: 3 });
  }
});
