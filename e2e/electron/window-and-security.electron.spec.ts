import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type LaunchedApp, attachOutputOnFailure, electronBinary, launchAutoloop, skipWithoutElectron } from './electron-app';

const binary = electronBinary();
// Decided in the worker, so the reason reaches the reporter's output as well as the JSON report.
test.beforeEach(() => skipWithoutElectron(test, binary));

let home = '';
let launched: LaunchedApp | null = null;

test.beforeEach(async () => {
  if (binary === null) return;
  home = await mkdtemp(join(tmpdir(), 'autoloop-electron-'));
  launched = await launchAutoloop(binary, join(home, 'user-data'));
});

test.afterEach(async () => {
  await attachOutputOnFailure(test.info(), launched, 'electron main output');
  await launched?.app.close().catch(() => undefined);
  launched = null;
  if (home) await rm(home, { recursive: true, force: true, maxRetries: 3 });
});

test('closing the window hides it and the app keeps running', async () => {
  if (!launched) return;
  await launched.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
  const state = await launched.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((window) => window.isVisible()));
  expect(state).toEqual([false]);
});

test('the window has no Node, no eval, and cannot navigate away or open windows', async () => {
  if (!launched) return;
  const { window: page } = launched;
  const pageUrl = page.url();
  const probe = await page.evaluate(() => {
    let evalBlocked = false;
    try {
      // The CSP has no 'unsafe-eval': this must throw.
      eval('1');
    } catch {
      evalBlocked = true;
    }
    const scope = globalThis as unknown as Record<string, unknown>;
    return { require: typeof scope.require, process: typeof scope.process, evalBlocked, opened: window.open('https://example.com/') === null };
  });
  expect(probe).toEqual({ require: 'undefined', process: 'undefined', evalBlocked: true, opened: true });
  await page.evaluate(() => void (location.href = 'https://example.com/'));
  await expect.poll(() => page.url()).toBe(pageUrl);
});

test('the window is refused every web permission it asks for or checks', async () => {
  if (!launched) return;
  const answers = await launched.window.evaluate(async () => ({
    notifications: await Notification.requestPermission(),
    geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
  }));
  expect(answers).toEqual({ notifications: 'denied', geolocation: 'denied' });
});
