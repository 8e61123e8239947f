import { countingScript } from '../fixtures/counting-script';
import { expect, test } from '../fixtures/engine';
import { runnerPidsOf, serverPidOf } from '../fixtures/processes';

/**
 * The wait between iterations. The runner is killed in this wait after iteration 2, so no
 * iteration is half done; a resumed run starts its next iteration at once, without it.
 */
const INTERVAL_MS = 4_000;
/** Spawning the runner, two iterations and one interval, on a busy 2-core machine. */
const TWO_ITERATIONS_TIMEOUT_MS = 25_000;
/** The engine noticing the runner's exit and recording the crash. */
const CRASH_SHOWN_TIMEOUT_MS = 10_000;
/** A fresh runner from the checkpoint and one more iteration. */
const CONTINUES_TIMEOUT_MS = 20_000;
/** Stopping a runner that waits out its interval. */
const STOP_TIMEOUT_MS = 15_000;

test('a person sees why a run crashed when its runner was killed, resumes it, and its iterations go on where they were', async ({ page, engine }) => {
  const script = await engine.writeScript('count-on', countingScript(10, 'loop'));
  const run = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Killed runner',
    model: `scripted/${script}`,
    loop: { intervalMs: INTERVAL_MS, restartPolicy: 'none' },
  });
  await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);
  await expect(page.getByTestId('iteration-2')).toContainText('Counted to 2.', { timeout: TWO_ITERATIONS_TIMEOUT_MS });

  const runners = await runnerPidsOf(await serverPidOf(engine.dataDir));
  expect(runners, 'the server has one runner process, for this run').toHaveLength(1);
  process.kill(runners[0] as number, 'SIGKILL');

  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: CRASH_SHOWN_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Crashed: the runner process exited unexpectedly');
  await expect(page.getByTestId('crash-details')).toBeVisible();
  await expect(page.getByTestId('crash-signal')).toHaveText('SIGKILL');
  await expect(page.getByTestId('crash-exit-code')).toHaveText('none');
  await expect(page.getByTestId('run-iterations-count')).toHaveText('2');
  const crashed = await engine.api('runs.iterations', { id: run.id });
  expect(
    crashed.map(({ n, status, summary }) => ({ n, status, summary })),
    'the kill landed between iterations 2 and 3',
  ).toEqual([
    { n: 1, status: 'ok', summary: 'Counted to 1.' },
    { n: 2, status: 'ok', summary: 'Counted to 2.' },
  ]);

  await page.getByRole('button', { name: 'Resume', exact: true }).click();

  // The script goes on from the checkpoint's conversation, so iteration 3 counts to 3.
  await expect(page.getByTestId('iteration-3')).toContainText('Counted to 3.', { timeout: CONTINUES_TIMEOUT_MS });
  await expect(page).toHaveURL(new RegExp(`#/runs/${run.id}$`));
  await expect(page.getByTestId('run-status')).toHaveText('Running');
  await expect(page.getByTestId('run-reason')).toHaveCount(0);
  await expect(page.getByTestId('crash-details')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('iteration-1')).toContainText('Counted to 1.');
  await expect(page.getByTestId('iteration-2')).toContainText('Counted to 2.');

  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByRole('button', { name: 'Stop now' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: STOP_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Stopped by you');
  const resumed = await engine.api('runs.iterations', { id: run.id });
  expect(resumed.slice(0, 3).map(({ n, summary }) => ({ n, summary }))).toEqual([
    { n: 1, summary: 'Counted to 1.' },
    { n: 2, summary: 'Counted to 2.' },
    { n: 3, summary: 'Counted to 3.' },
  ]);
  expect(
    resumed.map(({ n }) => n),
    'numbered 1, 2, 3… with no gap and no repeat',
  ).toEqual(resumed.map((_, index) => index + 1));
});
