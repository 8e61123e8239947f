import { mkdtempSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { makeSelfSignedCert } from '../../src/core/testing/self-signed-cert';
import { connectApiClient } from '../../src/server/api-client';
import { writeFileScript } from '../fixtures/approval-scripts';
import { APP_ROOT, type LaunchedApp, attachOutputOnFailure, callThroughBridge, electronBinary, launchAutoloop, skipWithoutElectron } from './electron-app';
import { startServerProcess } from '../fixtures/server-process';

const binary = electronBinary();
test.beforeEach(() => skipWithoutElectron(test, binary));

/** Spawning the runner and the first model response, on a busy machine. */
const ASKS_TIMEOUT_MS = 20_000;

// Never run where it was written (no Electron binary there): the same journey as
// e2e/journeys/remote-engine-switch.spec.ts, in the desktop app, whose main process holds the token.
test('a person adds an engine of another machine in the desktop app, switches the window to it, and answers an approval there', async () => {
  const testInfo = test.info();
  test.setTimeout(120_000);
  if (binary === null) return;
  const certFolder = mkdtempSync(join(tmpdir(), 'autoloop-electron-cert-'));
  const cert = makeSelfSignedCert(certFolder);
  const home = await mkdtemp(join(tmpdir(), 'autoloop-electron-remote-'));
  const otherDir = join(home, 'other');
  const workdir = join(home, 'work');
  await mkdir(workdir, { recursive: true });
  const other = await startServerProcess(APP_ROOT, otherDir, { args: ['--tls-cert', cert.certPath, '--tls-key', join(certFolder, 'tls-key.pem')] });
  const printed = new URL(other.url);
  const owner = await connectApiClient({ socketUrl: `wss://${printed.host}/api`, token: printed.searchParams.get('token') ?? '', trust: { ca: [cert.cert] } });
  let launched: LaunchedApp | null = null;
  try {
    const { token } = await owner.call('tokens.create', { name: 'desktop' });
    const script = join(otherDir, 'write-notes.json');
    await writeFile(script, JSON.stringify({ whenExhausted: 'repeat-last', ...writeFileScript('notes.txt', 'hello') }));
    const run = await owner.call('runs.start', {
      template: 'demo-counter',
      name: 'Remote notes',
      model: `scripted/${script}`,
      workdir,
      permissions: { profile: 'ask' },
    });

    launched = await launchAutoloop(binary, join(home, 'user-data'));
    const { window: page } = launched;
    await page.evaluate(() => void (location.hash = '#/settings'));
    const section = page.locator('#settings-engines');
    await expect(section.getByTestId('engine-local')).toContainText('shown in this window');
    await section.getByLabel('Name').fill('box');
    await section.getByLabel('Address').fill(`https://localhost:${printed.port}`);
    await section.getByLabel('Token').fill(token);
    await section.getByLabel('CA file (for a self-signed certificate)').fill(cert.certPath);
    await section.getByLabel('Approver code (to answer approvals there)').fill(printed.searchParams.get('approver') ?? '');
    await section.getByRole('button', { name: 'Add engine' }).click();
    await expect(section.getByTestId('engine-state-box')).toHaveText('Connected');
    // The page never gets the token back.
    expect(await page.content()).not.toContain(token);

    await page.getByTestId('engine-switcher').selectOption('box');
    await page.waitForLoadState('load');
    await expect(page.getByTestId('engine-switcher')).toHaveValue('box');
    // The bridge's calls now reach box, through main.
    const listed = (await callThroughBridge(page, 'runs.list', { limit: 10 })) as { ok: boolean; value?: { runs: Array<{ id: string }> } };
    expect(listed.value?.runs.map((listedRun) => listedRun.id)).toEqual([run.id]);
    await page.evaluate((id) => void (location.hash = `#/runs/${encodeURIComponent(id)}`), run.id);
    await expect(page.getByTestId('run-status')).toHaveText('Waiting for approval', { timeout: ASKS_TIMEOUT_MS });
    const [approval] = await owner.call('approvals.list', { runId: run.id, status: 'pending' });
    if (!approval) throw new Error('the other engine has no pending request');
    await page.getByTestId(`approval-${approval.id}`).getByRole('button', { name: 'Allow once' }).click();
    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: ASKS_TIMEOUT_MS });
    const [answered] = await owner.call('approvals.list', { runId: run.id, status: 'all' });
    expect(answered).toMatchObject({ status: 'allowed' });
  } finally {
    await attachOutputOnFailure(testInfo, launched, 'electron main output');
    await launched?.app.close().catch(() => undefined);
    await owner.close();
    await other.stop();
    await rm(home, { recursive: true, force: true, maxRetries: 3 });
    await rm(certFolder, { recursive: true, force: true });
  }
});
