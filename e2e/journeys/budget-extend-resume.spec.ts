import { budgetScript, TOKENS_PER_ITERATION } from '../fixtures/approval-scripts';
import { expect, test } from '../fixtures/engine';

/** Spawning the runner and one iteration, on a busy 2-core machine. */
const PAUSES_TIMEOUT_MS = 20_000;
/** A fresh runner from the checkpoint, two iterations with the template's 1 s interval. */
const COMPLETES_TIMEOUT_MS = 30_000;

test('budget pause → extend and resume: a run that used its tokens goes on once a person raises the limit', async ({ page, engine }) => {
  const script = await engine.writeScript('budget', budgetScript());
  const run = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Small budget',
    model: `scripted/${script}`,
    limits: { maxTokens: TOKENS_PER_ITERATION },
  });
  await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);

  await expect(page.getByTestId('run-status')).toHaveText('Paused', { timeout: PAUSES_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Paused: a budget limit was reached');
  await expect(page.getByTestId('run-reason')).toContainText(`Used ${TOKENS_PER_ITERATION} of ${TOKENS_PER_ITERATION} tokens`);
  await expect(page.getByTestId('run-iterations-count')).toHaveText('1');
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toHaveCount(0);
  // The limit it reached, raised to a suggestion (room for as much again, rounded up): 500 → 1000.
  await expect(page.getByLabel('Max tokens')).toHaveValue(String(2 * TOKENS_PER_ITERATION));
  await expect(page.getByText(`Reached ${TOKENS_PER_ITERATION} tokens; suggested 1,000.`)).toBeVisible();
  // The template's own limit, shown so the person sees every limit the run has.
  await expect(page.getByLabel('Max iterations')).toHaveValue('20');

  await page.getByLabel('Max tokens').fill('5000');
  await page.getByRole('button', { name: 'Extend and resume' }).click();

  await expect(page.getByTestId('run-iterations-count')).toHaveText('2', { timeout: COMPLETES_TIMEOUT_MS });
  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: COMPLETES_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Completed');
  await expect(page.getByTestId('run-iterations-count')).toHaveText('3');
  await expect(page.getByRole('button', { name: 'Extend and resume' })).toHaveCount(0);
  const ended = await engine.api('runs.get', { id: run.id });
  expect(ended).toMatchObject({ id: run.id, stopReason: 'completed', iterations: 3, limits: { maxTokens: 5_000, maxIterations: 20 } });
  expect(ended.inputTokens + ended.outputTokens).toBe(3 * TOKENS_PER_ITERATION);
});
