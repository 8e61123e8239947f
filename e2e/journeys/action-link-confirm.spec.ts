import { type Server, createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileScript } from '../fixtures/approval-scripts';
import { expect, test } from '../fixtures/engine';

/** Spawning the runner and the first model response, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 20_000;

/** A local webhook receiver: the notifications the engine posts, as parsed JSON. */
async function startReceiver(): Promise<{ url: string; received: { actions: { action: string; url: string }[] }[]; server: Server }> {
  const received: { actions: { action: string; url: string }[] }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push(JSON.parse(body) as (typeof received)[number]);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

test('a person opens the action link of a notification, sees what it decides, and confirms it once', async ({ page, engine }) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-work-'));
  const receiver = await startReceiver();
  try {
    await engine.api('settings.set', {
      notify: { notifiers: [{ name: 'my-phone', kind: 'webhook', url: receiver.url, events: ['approval_requested'], secret: 'e2e-webhook-signing-secret' }] },
    });
    const script = await engine.writeScript('write-notes', writeFileScript('notes.txt', 'hello'));
    const run = await engine.api('runs.start', {
      template: 'demo-counter',
      name: 'Write notes',
      model: `scripted/${script}`,
      workdir,
      permissions: { profile: 'ask' },
    });
    await expect.poll(() => receiver.received.length, { timeout: ASKS_TIMEOUT_MS }).toBe(1);
    const allow = receiver.received[0]?.actions.find((action) => action.action === 'allow_once')?.url ?? '';

    // Opening the link (as a phone does from the notification) decides nothing yet.
    await page.goto(allow);
    await expect(page.getByRole('heading', { name: 'Allow once?' })).toBeVisible();
    await expect(page.getByText('Tool: write_file')).toBeVisible();
    await expect(page.getByText('From the notifier my-phone. This link works once.')).toBeVisible();
    expect(await engine.api('approvals.list', { runId: run.id, status: 'pending' })).toHaveLength(1);

    await page.getByRole('button', { name: 'Allow once' }).click();
    await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible();
    await expect(page.getByText('Allowed once: write_file.')).toBeVisible();
    const [answered] = await engine.api('approvals.list', { runId: run.id, status: 'all' });
    expect(answered).toMatchObject({ status: 'allowed', decidedBy: 'link', decidedVia: 'my-phone' });

    // The same link again: refused, nothing decided twice.
    await page.goto(allow);
    await expect(page.getByText('This link was already used: each link decides once.')).toBeVisible();
  } finally {
    await new Promise((resolve) => receiver.server.close(resolve));
    await rm(workdir, { recursive: true, force: true });
  }
});
