import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Approval } from '../../src/shared/records';
import { writeFileScript } from '../fixtures/approval-scripts';
import { type Engine, expect, test } from '../fixtures/engine';

/** Spawning a runner and its first model response, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 20_000;
/** Each run's second response and its runner's exit. */
const COMPLETES_TIMEOUT_MS = 20_000;

/** Starts a run that asks to write `file` in `workdir`, and returns its request once the engine has it. */
async function startAskingRun(engine: Engine, name: string, workdir: string, file: string): Promise<Approval> {
  const script = await engine.writeScript(name, writeFileScript(file, `written by ${name}`));
  const run = await engine.api('runs.start', { template: 'demo-counter', name, model: `scripted/${script}`, workdir, permissions: { profile: 'ask' } });
  await expect.poll(async () => (await engine.api('approvals.list', { runId: run.id })).length, { timeout: ASKS_TIMEOUT_MS }).toBe(1);
  const [approval] = await engine.api('approvals.list', { runId: run.id });
  if (!approval) throw new Error(`${name} has no pending request`);
  return approval;
}

test('approvals inbox driven by keyboard: a person allows one request with a, denies the next with d and Enter', async ({ page, engine }) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-work-'));
  try {
    // One after the other, so the first request is the older one.
    const first = await startAskingRun(engine, 'Writer A', workdir, 'a.txt');
    const second = await startAskingRun(engine, 'Writer B', workdir, 'b.txt');

    await page.goto(engine.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
    await expect(page).toHaveURL(/#\/approvals$/);
    await expect(page.getByTestId('approvals-badge')).toHaveText('2');
    const firstCard = page.getByTestId(`approval-${first.id}`);
    const secondCard = page.getByTestId(`approval-${second.id}`);
    await expect(page.getByTestId('approvals-inbox').locator('article')).toHaveCount(2);
    await expect(firstCard).toContainText('Writer A');
    await expect(secondCard).toContainText('Writer B');
    await expect(firstCard).toHaveAttribute('aria-current', 'true');

    await page.keyboard.press('a');
    await expect(firstCard).toHaveCount(0);
    await expect(secondCard).toHaveAttribute('aria-current', 'true');

    await page.keyboard.press('d');
    const reason = secondCard.getByLabel('Reason (optional)');
    await expect(reason).toBeFocused();
    await expect(reason).toHaveValue('');
    await page.keyboard.press('Enter');
    await expect(secondCard).toHaveCount(0);
    await expect(page.getByText('Nothing is waiting for you')).toBeVisible();
    await expect(page.getByTestId('approvals-badge')).toHaveCount(0);

    const history = page.getByTestId('approvals-history');
    await expect(history.getByTestId(`history-${first.id}`)).toContainText('Allowed once');
    await expect(history.getByTestId(`history-${first.id}`)).toContainText('a person');
    await expect(history.getByTestId(`history-${first.id}`)).toContainText('Writer A');
    await expect(history.getByTestId(`history-${second.id}`)).toContainText('Denied');
    await expect(history.getByTestId(`history-${second.id}`)).toContainText('a person');

    for (const approval of [first, second]) {
      await expect.poll(async () => (await engine.api('runs.get', { id: approval.runId })).stopReason, { timeout: COMPLETES_TIMEOUT_MS }).toBe('completed');
    }
    expect(await readFile(join(workdir, 'a.txt'), 'utf8')).toBe('written by Writer A');
    await expect(readFile(join(workdir, 'b.txt'), 'utf8')).rejects.toThrow(/ENOENT/);
  } finally {
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});
