import { expect, test } from '../fixtures/engine';
import { closedPort, startLocalOpenAiServer } from '../fixtures/local-openai-server';

// settings-page.spec.ts adds a provider on a closed port and checks the key is never shown back;
// this journey checks what Test says when the server answers, and when it is gone.
test('a person tests a local OpenAI-compatible server from Settings: it lists its models, then is refused once it moves away', async ({ page, engine }) => {
  const local = await startLocalOpenAiServer(['local-model']);
  try {
    await page.goto(`${engine.url}#/settings`);
    await page.getByRole('button', { name: 'Add a provider' }).click();
    const form = page.getByRole('form', { name: 'Add a provider' });
    await form.getByLabel('Name').fill('workbench');
    await expect(form.getByLabel('Type')).toHaveValue('openai-compatible');
    await form.getByLabel('Base URL').fill(local.baseUrl);
    await form.getByLabel('API key').fill('sk-workbench-key');
    await form.getByRole('button', { name: 'Add provider' }).click();
    await expect(page.getByTestId('provider-workbench')).toContainText(local.baseUrl);

    await page.getByRole('button', { name: 'Test workbench' }).click();
    const outcome = page.getByTestId('provider-test-workbench');
    await expect(outcome).toHaveText('ok: 1 model available');
    await expect(outcome).toHaveAttribute('role', 'status');
    // The engine made the call, with the key as a bearer token.
    expect(local.requests).toEqual([expect.objectContaining({ method: 'GET', url: '/v1/models' })]);
    expect(local.requests[0]?.headers.authorization).toBe('Bearer sk-workbench-key');

    // The server moves away: the same Test now says the connection was refused, and where.
    const port = await closedPort();
    await page.getByRole('button', { name: 'Edit workbench' }).click();
    const edit = page.getByRole('form', { name: 'Edit workbench' });
    await edit.getByLabel('Base URL').fill(`http://127.0.0.1:${port}/v1`);
    await edit.getByRole('button', { name: 'Save provider' }).click();
    await expect(edit).toHaveCount(0);
    await expect(page.getByTestId('provider-workbench')).toContainText(`http://127.0.0.1:${port}/v1`);
    await expect(page.getByTestId('provider-key-workbench')).toHaveText('key set');

    await page.getByRole('button', { name: 'Test workbench' }).click();
    await expect(outcome).toHaveText(`connection refused at http://127.0.0.1:${port}`);
    await expect(outcome).toHaveAttribute('role', 'alert');
    expect(local.requests).toHaveLength(1);
  } finally {
    await local.close();
  }
});
