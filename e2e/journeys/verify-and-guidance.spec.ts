import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/engine';

/** Spawning the runner, the first response and the verify command, on a busy 2-core machine. */
const FIRST_VERIFY_TIMEOUT_MS = 20_000;
/** The rest of iteration 1 (a slow response, so there is time to steer), iteration 2 and the runner's exit. */
const COMPLETES_TIMEOUT_MS = 30_000;
const VERIFY = 'test -f fixed.txt || { echo "fixed.txt is missing"; exit 1; }';

test('a person starts a run whose verify fails, sends guidance while it works, and watches the agent fix it and complete', async ({ page, engine }) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-verify-'));
  try {
    const script = await engine.writeScript('fix-then-complete', {
      responses: [
        // Iteration 1: claims to be done too early; the gate refuses, and the agent takes a while to answer.
        { text: 'I think everything is done.', toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] },
        { delayMs: 5_000, text: 'The check failed.', toolCalls: [{ tool: 'report', input: { summary: 'verify failed: fixed.txt is missing' } }] },
        { text: 'I will fix it next iteration.' },
        // Iteration 2: writes the file the verify command wants, then completes for real.
        { text: 'Creating the file.', toolCalls: [{ tool: 'write_file', input: { path: 'fixed.txt', content: 'fixed' } }] },
        { text: 'Now it is done.', toolCalls: [{ tool: 'complete', input: { reason: 'fixed.txt exists' } }] },
      ],
    });

    await page.goto(`${engine.url}#/new`);
    await page.getByLabel('Template', { exact: true }).selectOption('demo-counter');
    await page.getByLabel('Model', { exact: true }).fill(`scripted/${script}`);
    await page.getByLabel('Working folder').fill(workdir);
    await page.getByLabel('Permissions').selectOption('trusted');
    await page.getByLabel('Verify commands').fill(VERIFY);
    await page.getByRole('button', { name: 'Start run' }).click();

    await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
    await expect(page.getByTestId('run-verify')).toHaveText(VERIFY);
    const log = page.locator('.log');
    // The agent called complete; the gate ran the command and refused.
    await expect(log.getByText(/✗ verify .*: exit code 1 in [\d.]+ s — fixed.txt is missing/)).toBeVisible({ timeout: FIRST_VERIFY_TIMEOUT_MS });
    await expect(page.getByTestId('run-status')).toHaveText('Running');

    // While iteration 1 goes on, the person steers the run.
    const box = page.getByLabel('Guidance for the agent');
    await box.fill('Create fixed.txt in the working folder, then call complete again.');
    await page.getByRole('button', { name: 'Send guidance' }).click();
    await expect(page.getByTestId('guidance-sent')).toHaveText('Sent. The agent reads it at the start of its next iteration.');
    await expect(box).toHaveValue('');
    await expect(log.getByText('You said: Create fixed.txt in the working folder, then call complete again.')).toBeVisible();

    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: COMPLETES_TIMEOUT_MS });
    await expect(page.getByTestId('run-reason')).toContainText('Completed');
    await expect(log.getByText("Guidance from you given to the agent in this iteration's prompt: Create fixed.txt")).toBeVisible();
    await expect(log.getByText(/✓ verify .*: exit 0/)).toBeVisible();
    // An ended run takes no more guidance: the box is gone.
    await expect(page.getByLabel('Guidance for the agent')).toHaveCount(0);

    const runId = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1) ?? '');
    const { events } = await engine.api('runs.events', { id: runId, afterSeq: 0, limit: 1_000 });
    const landed = events.filter((event) => event.kind === 'guidance' || event.kind === 'guidance_delivered').map((event) => [event.kind, event.iteration]);
    expect(landed).toEqual([
      ['guidance', 1],
      ['guidance_delivered', 2],
    ]);
    expect(await readFile(join(workdir, 'fixed.txt'), 'utf8')).toBe('fixed');
  } finally {
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});
