import { expect, test } from '../fixtures/engine';
import { startLocalOpenAiServer } from '../fixtures/local-openai-server';

/** Spawning the runner and one model call, on a busy 2-core machine. */
const ENDS_TIMEOUT_MS = 20_000;

test('a provider that refuses the key ends the run at once, says so in words, and links to that provider’s settings', async ({ page, engine }) => {
  // Lists its models, answers every model call with 401.
  const local = await startLocalOpenAiServer(['test-model'], 401);
  try {
    await engine.api('providers.set', { name: 'local', config: { type: 'openai-compatible', baseUrl: local.baseUrl, apiKey: 'sk-wrong-key' } });
    // Three failures with the same cause would end it too, after three calls: a refused key must not wait for them.
    const run = await engine.api('runs.start', {
      template: 'demo-counter',
      name: 'Wrong key',
      model: 'local/test-model',
      loop: { sameFailureLimit: 3, errorPauseMs: 0 },
    });
    await page.goto(`${engine.url}#/runs/${encodeURIComponent(run.id)}`);

    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: ENDS_TIMEOUT_MS });
    await expect(page.getByTestId('run-reason')).toContainText('Stopped: the model provider refused the API key');
    await expect(page.getByTestId('run-reason')).toContainText('the key was refused by 127.0.0.1');
    await expect(page.getByTestId('run-reason')).not.toContainText('auth_failed');
    await expect(page.getByTestId('run-iterations-count')).toHaveText('1');
    expect(
      local.requests.filter((request) => request.method === 'POST'),
      'one model call, never retried',
    ).toHaveLength(1);

    await page.getByTestId('provider-settings-link').click();
    await expect(page).toHaveURL(/#\/settings\/providers\/local$/);
    await expect(page.getByRole('form', { name: 'Edit local' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Edit local' }).getByLabel('API key')).toBeVisible();
  } finally {
    await local.close();
  }
});
