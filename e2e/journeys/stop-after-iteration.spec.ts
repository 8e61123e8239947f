import { expect, test } from '../fixtures/engine';

/** The runner starting and its first iteration showing on the run page, on a busy 2-core machine. */
const FIRST_ITERATION_TIMEOUT_MS = 20_000;
/** How long the scripted model takes to answer: long enough that the iteration is still in flight when Stop is chosen. */
const MODEL_DELAY_MS = 8_000;
/** The rest of the slow iteration (two answers of MODEL_DELAY_MS), then the gate and a clean exit. */
const STOPS_AFTER_ITERATION_TIMEOUT_MS = 45_000;

test('Stop asks first, and "Stop after this iteration" lets the iteration in flight finish before the run ends as stopped by you', async ({ page, engine }) => {
  const responses = Array.from({ length: 3 }, (_, index) => [
    { delayMs: MODEL_DELAY_MS, text: `Slowly on to ${index + 1}.`, toolCalls: [{ tool: 'report', input: { summary: `Counted to ${index + 1}.` } }] },
    { text: String(index + 1) },
  ]).flat();
  const script = await engine.writeScript('slow-count', { responses, whenExhausted: 'loop' });
  const run = await engine.api('runs.start', { template: 'demo-counter', name: 'Stop me gently', model: `scripted/${script}` });
  await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);
  await expect(page.getByTestId('iteration-1')).toBeVisible({ timeout: FIRST_ITERATION_TIMEOUT_MS });

  // Stop asks first: nothing is stopped until a choice is made, and Cancel brings Stop back.
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  const choice = page.getByRole('group', { name: 'Stop Stop me gently?' });
  await expect(choice.getByRole('button')).toHaveText(['Stop after this iteration', 'Stop now', 'Cancel']);
  await expect(choice.getByRole('button', { name: 'Stop after this iteration' })).toBeFocused();
  await choice.getByRole('button', { name: 'Cancel' }).click();
  await expect(choice).toHaveCount(0);
  expect((await engine.api('runs.get', { id: run.id })).status).toBe('running');

  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await choice.getByRole('button', { name: 'Stop after this iteration' }).click();
  await expect(page.getByTestId('run-detail')).toHaveText('Stopping after the current iteration');
  await expect(page.getByTestId('run-status')).toHaveText('Running');

  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: STOPS_AFTER_ITERATION_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Stopped by you');
  const ended = await engine.api('runs.get', { id: run.id });
  expect(ended).toMatchObject({ status: 'ended', stopReason: 'user_stop', iterations: 1, detail: 'Stopped after iteration 1, as asked' });
  // The iteration in flight finished and was kept; no later one started.
  const iterations = await engine.api('runs.iterations', { id: run.id });
  expect(iterations.map(({ n, status, summary }) => ({ n, status, summary }))).toEqual([{ n: 1, status: 'ok', summary: 'Counted to 1.' }]);
  await expect(page.getByTestId('iteration-1')).toContainText('Counted to 1.');
});
