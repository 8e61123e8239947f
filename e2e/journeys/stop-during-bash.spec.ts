import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../fixtures/engine';
import { pidsRunning } from '../fixtures/processes';

/** Spawning the runner, the first model response and bash writing the pid file, on a busy 2-core machine. */
const SLEEPER_STARTS_TIMEOUT_MS = 20_000;
/** The stop ladder (DESIGN §4): `stop`, 3 s grace, SIGTERM, 2 s, SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;
/** Stopping the command's process group: SIGTERM, a grace period, then SIGKILL. */
const SLEEPER_GONE_TIMEOUT_MS = 10_000;

/** A sleep no other test starts, so /proc finds exactly this one (its pid inside the sandbox is not the host's). */
const SLEEP_SECONDS = `300.${randomInt(1_000_000)}`;
/** A command that outlives any test unless something stops it: a background sleep that bash waits for. */
const LONG_COMMAND = `sleep ${SLEEP_SECONDS} & wait`;

test('a person stops a run while its bash command is still running, and nothing the command started is left behind', async ({ page, engine }) => {
  const workdir = join(engine.dataDir, 'work');
  await mkdir(workdir);
  const script = await engine.writeScript('long-command', {
    responses: [
      { text: 'Starting the long job.', toolCalls: [{ tool: 'bash', input: { command: LONG_COMMAND, timeoutMs: 600_000 } }] },
      { text: 'The long job finished.' },
    ],
  });
  // trusted: the command runs without asking, so only Stop can end it.
  const run = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Long command',
    model: `scripted/${script}`,
    workdir,
    permissions: { profile: 'trusted' },
  });
  await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);

  await expect(page.getByTestId('run-log')).toContainText('→ bash(', { timeout: SLEEPER_STARTS_TIMEOUT_MS });
  await expect(page.getByTestId('run-log')).toContainText(`sleep ${SLEEP_SECONDS}`);
  await expect
    .poll(async () => (await pidsRunning(['sleep', SLEEP_SECONDS])).length, {
      timeout: SLEEPER_STARTS_TIMEOUT_MS,
      message: 'the background sleep runs before Stop',
    })
    .toBe(1);
  await expect(page.getByTestId('run-status')).toHaveText('Running');

  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByRole('button', { name: 'Stop now' }).click();

  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: STOP_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Stopped by you');
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  await expect
    .poll(async () => (await pidsRunning(['sleep', SLEEP_SECONDS])).length, {
      timeout: SLEEPER_GONE_TIMEOUT_MS,
      message: 'the background sleep is gone after Stop',
    })
    .toBe(0);
  expect(await engine.api('runs.get', { id: run.id })).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
});
