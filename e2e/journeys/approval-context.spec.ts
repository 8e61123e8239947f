import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/engine';

/** Spawning the runner and the first model response, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 20_000;
/** The write, the second response and the runner's exit. */
const COMPLETES_TIMEOUT_MS = 20_000;
const MESSAGE = 'The notes file is missing, so I will write it.';

test('an approval shows the agent’s message, why it asks, the file it would write and what “for this run” allows, and `a` answers it on the run page', async ({
  page,
  engine,
}) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-context-'));
  try {
    const script = await engine.writeScript('write-with-reason', {
      responses: [
        { text: MESSAGE, toolCalls: [{ tool: 'write_file', input: { path: 'notes.txt', content: 'line one\nline two\n' } }] },
        {
          text: 'Done.',
          toolCalls: [
            { tool: 'report', input: { summary: 'Wrote the notes.' } },
            { tool: 'complete', input: { reason: 'done' } },
          ],
        },
      ],
    });
    const run = await engine.api('runs.start', {
      template: 'demo-counter',
      name: 'Write with a reason',
      model: `scripted/${script}`,
      workdir,
      permissions: { profile: 'ask' },
    });

    // The inbox shows the same context.
    await page.goto(`${engine.url}#/approvals`);
    const inbox = page.getByTestId('approvals-inbox');
    await expect(inbox.getByTestId('agent-message')).toContainText(MESSAGE, { timeout: ASKS_TIMEOUT_MS });
    await expect(inbox.getByTestId('request-preview')).toContainText('New content of notes.txt (2 lines):');

    await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);
    await expect(page.getByTestId('run-status')).toHaveText('Waiting for approval');
    const [approval] = await engine.api('approvals.list', { runId: run.id, status: 'pending' });
    if (!approval) throw new Error('The run is waiting_approval but approvals.list has no pending request');
    const card = page.getByTestId(`approval-${approval.id}`);
    await expect(card.getByTestId('agent-message')).toHaveText(`The agent wrote:${MESSAGE}`);
    await expect(card.getByTestId('request-why')).toContainText("The run's ask profile asks before every file change.");
    await expect(card.getByTestId('request-why')).toContainText('Medium risk');
    const preview = card.getByTestId('request-preview');
    await expect(preview.locator('.preview-line')).toHaveText(['1line one', '2line two']);
    await expect(card).not.toContainText('"content"');
    await expect(card.getByTestId('allow-for-run-scope')).toContainText('write_file on this path only: notes.txt');
    await expect(card.getByRole('button', { name: 'Allow once', exact: true }).locator('kbd')).toHaveText('a');
    await expect(page.getByTestId('now-action')).toHaveText('Waiting for your approval: write_file notes.txt');

    await card.focus();
    await page.keyboard.press('a');

    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: COMPLETES_TIMEOUT_MS });
    await expect(page.getByTestId('run-reason')).toContainText('Completed');
    await expect(card).toHaveCount(0);
    expect(await readFile(join(workdir, 'notes.txt'), 'utf8')).toBe('line one\nline two\n');
    expect(await engine.api('approvals.list', { runId: run.id, status: 'all' })).toEqual([
      expect.objectContaining({ id: approval.id, status: 'allowed', scope: 'once', decidedBy: 'user' }),
    ]);
  } finally {
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});
