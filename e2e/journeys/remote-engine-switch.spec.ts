import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSelfSignedCert } from '../../src/core/testing/self-signed-cert';
import { connectApiClient } from '../../src/server/api-client';
import { writeFileScript } from '../fixtures/approval-scripts';
import { expect, test } from '../fixtures/engine';
import { startServerProcess } from '../fixtures/server-process';

// The other machine serves TLS with a certificate made here. The test browser trusts exactly that
// certificate (its public key pinned with Chromium's SPKI list), as a person would install their CA.
const certFolder = mkdtempSync(join(tmpdir(), 'autoloop-e2e-cert-'));
const cert = makeSelfSignedCert(certFolder);
const spki = createHash('sha256')
  .update(new X509Certificate(cert.cert).publicKey.export({ type: 'spki', format: 'der' }))
  .digest('base64');
test.use({
  launchOptions: {
    executablePath: process.env.AUTOLOOP_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--ignore-certificate-errors-spki-list=${spki}`,
    ],
  },
});

/** Spawning the runner and the first model response, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 20_000;

test('a person adds an engine of another machine in Settings, switches the window to it, and answers an approval there', async ({ page, engine, appRoot }) => {
  // The "other machine": a second real engine with its own data folder, port and tokens.
  const otherDir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-other-'));
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-work-'));
  const other = await startServerProcess(appRoot, otherDir, { args: ['--tls-cert', cert.certPath, '--tls-key', join(certFolder, 'tls-key.pem')] });
  const printed = new URL(other.url);
  expect(printed.protocol).toBe('https:');
  const owner = await connectApiClient({
    socketUrl: `wss://${printed.host}/api`,
    token: printed.searchParams.get('token') ?? '',
    trust: { ca: [cert.cert] },
  });
  try {
    const { token } = await owner.call('tokens.create', { name: 'laptop' });
    await mkdir(join(otherDir, 'e2e-scripts'), { recursive: true });
    const script = join(otherDir, 'e2e-scripts', 'write-notes.json');
    await writeFile(script, JSON.stringify({ whenExhausted: 'repeat-last', ...writeFileScript('notes.txt', 'hello') }));
    const run = await owner.call('runs.start', {
      template: 'demo-counter',
      name: 'Remote notes',
      model: `scripted/${script}`,
      workdir,
      permissions: { profile: 'ask' },
    });

    await page.goto(`${engine.url}#/settings`);
    const section = page.locator('#settings-engines');
    await expect(section.getByTestId('engine-local')).toContainText('shown in this window');
    await section.getByLabel('Name').fill('box');
    await section.getByLabel('Address').fill(printed.origin);
    await section.getByLabel('Token').fill(token);
    await section.getByLabel('Approver code (to answer approvals there)').fill(printed.searchParams.get('approver') ?? '');
    await section.getByRole('button', { name: 'Add engine' }).click();
    await expect(section.getByTestId('engine-state-box')).toHaveText('Connected');

    // The header switcher picks the engine the window shows.
    await page.getByTestId('engine-switcher').selectOption('box');
    await expect(page.getByTestId('engine-switcher')).toHaveValue('box');
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('link', { name: 'Remote notes' }).first().click();
    await expect(page.getByTestId('run-status')).toHaveText('Waiting for approval', { timeout: ASKS_TIMEOUT_MS });
    const [approval] = await owner.call('approvals.list', { runId: run.id, status: 'pending' });
    if (!approval) throw new Error('the other engine has no pending request');
    await page.getByTestId(`approval-${approval.id}`).getByRole('button', { name: 'Allow once' }).click();
    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: ASKS_TIMEOUT_MS });
    const [answered] = await owner.call('approvals.list', { runId: run.id, status: 'all' });
    expect(answered).toMatchObject({ status: 'allowed', decidedBy: 'user' });
    // The engine that served the page never saw that run.
    expect((await engine.api('runs.list', { limit: 10 })).runs).toEqual([]);

    // Back to the engine that served the page.
    await page.getByTestId('engine-switcher').selectOption('');
    await page.waitForLoadState('load');
    await expect(page.getByTestId('engine-switcher')).toHaveValue('');
  } catch (error) {
    console.log(other.stdout(), other.stderr());
    throw error;
  } finally {
    await owner.close();
    await other.stop();
    await rm(otherDir, { recursive: true, force: true, maxRetries: 3 });
    await rm(certFolder, { recursive: true, force: true });
    await rm(workdir, { recursive: true, force: true });
  }
});
