import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileScript } from '../fixtures/approval-scripts';
import { expect, test } from '../fixtures/engine';

/** Spawning the runner and the first model response, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 20_000;
/** The write, the second response and the runner's exit. */
const COMPLETES_TIMEOUT_MS = 20_000;

test('a person allows a write from the run page and the run completes', async ({ page, engine }) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-work-'));
  try {
    const script = await engine.writeScript('write-notes', writeFileScript('notes.txt', 'hello'));
    // demo-counter pins the read-only profile (it never writes); this run asks, like the default profile.
    const run = await engine.api('runs.start', {
      template: 'demo-counter',
      name: 'Write notes',
      model: `scripted/${script}`,
      workdir,
      permissions: { profile: 'ask' },
    });
    await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);

    await expect(page.getByTestId('run-status')).toHaveText('Waiting for approval', { timeout: ASKS_TIMEOUT_MS });
    const [approval] = await engine.api('approvals.list', { runId: run.id, status: 'pending' });
    if (!approval) throw new Error('The run is waiting_approval but approvals.list has no pending request');
    const card = page.getByTestId(`approval-${approval.id}`);
    await expect(card).toContainText('write_file');
    await expect(card.getByTestId('request-preview')).toContainText('New content of notes.txt');
    await expect(card).toContainText(/\d+:\d\d left/);
    await expect(page.getByTestId('pending-approvals')).toHaveText('1 approval pending');
    await expect(page.getByTestId('approvals-badge')).toHaveText('1');

    await card.getByRole('button', { name: 'Allow once' }).click();

    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: COMPLETES_TIMEOUT_MS });
    await expect(page.getByTestId('run-reason')).toContainText('Completed');
    await expect(card).toHaveCount(0);
    await expect(page.getByTestId('pending-approvals')).toHaveText('0 approvals pending');
    await expect(page.getByTestId('approvals-badge')).toHaveCount(0);
    expect(await readFile(join(workdir, 'notes.txt'), 'utf8')).toBe('hello');
    expect(await engine.api('approvals.list', { runId: run.id, status: 'all' })).toEqual([
      expect.objectContaining({ id: approval.id, status: 'allowed', scope: 'once', decidedBy: 'user' }),
    ]);
  } finally {
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});
