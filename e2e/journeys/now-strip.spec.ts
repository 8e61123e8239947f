import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../fixtures/engine';

/** Spawning the runner, the first model response and bash starting, on a busy 2-core machine. */
const BASH_STARTS_TIMEOUT_MS = 20_000;
/** The command's 5 s, the model's 3 s and the runner's exit. */
const ENDS_TIMEOUT_MS = 30_000;
const COMMAND = 'sleep 5 && echo ok';
const REPORT = 'Ran the tests: they pass.';

test('the now strip names the bash command while it runs and moves on, the meters fill with what is used, and the chart draws one iteration cleanly', async ({
  page,
  engine,
}) => {
  const workdir = join(engine.dataDir, 'work');
  await mkdir(workdir);
  const usage = { inputTokens: 400, outputTokens: 100 };
  const script = await engine.writeScript('tests-then-done', {
    responses: [
      { text: 'Running the tests.', usage, toolCalls: [{ tool: 'bash', input: { command: COMMAND } }] },
      {
        delayMs: 3_000,
        text: 'They pass.',
        usage,
        toolCalls: [
          { tool: 'report', input: { summary: REPORT } },
          { tool: 'complete', input: { reason: 'tests pass' } },
        ],
      },
    ],
  });
  // trusted: the command runs without asking. 1,000 of 1,200 tokens is 83 % (amber); 1 of 1 iteration is 100 % (red).
  const run = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Now strip',
    model: `scripted/${script}`,
    workdir,
    permissions: { profile: 'trusted' },
    limits: { maxIterations: 1, maxTokens: 1_200 },
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);

  const strip = page.getByTestId('now-strip');
  const action = strip.getByTestId('now-action');
  await expect(action).toHaveText(`bash: ${COMMAND}`, { timeout: BASH_STARTS_TIMEOUT_MS });
  await expect(strip.getByTestId('now-status')).toHaveText('Running');
  await expect(strip.getByTestId('now-iteration')).toHaveText('Iteration 1 of 1');
  // The elapsed time ticks while the command runs.
  const elapsed = strip.getByTestId('now-elapsed');
  const first = await elapsed.textContent();
  await expect.poll(() => elapsed.textContent(), { message: 'the elapsed time ticks' }).not.toBe(first);

  // Wide window: the log sits beside the strip, not under it.
  const stripBox = await strip.boundingBox();
  const logBox = await page.getByTestId('run-log').boundingBox();
  expect(logBox?.x ?? 0, 'the log is in its own column at 1280 px').toBeGreaterThan((stripBox?.x ?? 0) + 300);

  // The command ends: the strip moves on to the model (which takes 3 s), then to the end.
  await expect(action).toHaveText('Waiting for the model', { timeout: ENDS_TIMEOUT_MS });
  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: ENDS_TIMEOUT_MS });
  await expect(action).toHaveText('Completed: the agent called complete');
  await expect(strip.getByTestId('now-report')).toHaveText(`Last report: ${REPORT}`);
  await expect(strip.getByTestId('now-elapsed')).toHaveCount(0);

  // Meters fill with what is used: tokens amber at 83 %, iterations red at 100 %.
  const tokens = page.getByTestId('limit-tokens').getByRole('meter');
  await expect(tokens).toHaveAttribute('aria-valuenow', '1000');
  await expect(tokens).toHaveClass(/meter-warn/);
  expect(await tokens.locator('.meter-fill').evaluate((fill) => (fill as HTMLElement).style.width)).toMatch(/^83\.3\d*%$/);
  const iterations = page.getByTestId('limit-iterations').getByRole('meter');
  await expect(iterations).toHaveAttribute('aria-valuenow', '1');
  await expect(iterations).toHaveClass(/meter-danger/);

  // One iteration: one narrow bar, the total as a point (no line to nowhere), one x label, and hover values.
  const chart = page.getByTestId('usage-chart');
  await expect(chart.locator('rect.chart-bar')).toHaveCount(1);
  expect(Number(await chart.locator('rect.chart-bar').getAttribute('width'))).toBeLessThanOrEqual(28);
  await expect(chart.locator('.chart-total-point')).toHaveCount(1);
  await expect(chart.locator('polyline')).toHaveCount(0);
  await expect(chart.getByTestId('chart-iteration-1').locator('title')).toHaveText('Iteration 1: 1,000; 1,000 so far');
  await expect(chart.getByTestId('chart-total-scale')).toHaveText('1,200');
  await expect(page.getByTestId('iteration-1')).toHaveAttribute('open', '');

  // Narrower: the log comes right under the strip's part of the page instead of beside it.
  await page.setViewportSize({ width: 1024, height: 800 });
  const narrowLog = await page.getByTestId('run-log').boundingBox();
  const narrowStrip = await strip.boundingBox();
  expect(narrowLog?.y ?? 0, 'the log is under the strip at 1024 px').toBeGreaterThan((narrowStrip?.y ?? 0) + (narrowStrip?.height ?? 0));
});
