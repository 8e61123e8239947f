import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ElectronApplication, type Page, type TestInfo, _electron } from '@playwright/test';

/** The repository root: `electron <root>` starts package.json's main, out/main/index.js (run `npm run build` first). */
export const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Why every Electron spec skips where no Electron can start (STYLE R20: say so, never skip silently). */
export const NO_ELECTRON_REASON = 'No runnable Electron binary on this machine; run on a desktop (README: Testing).';

/**
 * The Electron binary's path, or null. Read from node_modules/electron/path.txt and dist/ as
 * scripts/start.mjs does; importing `electron` here would try to download it.
 */
export function electronBinary(root = APP_ROOT): string | null {
  const electronDir = join(root, 'node_modules', 'electron');
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

let isReasonPrinted = false;

/**
 * Skips the calling spec file where no Electron can start, and prints why once (the list
 * reporter shows a skip without its reason; the JSON report keeps it per test).
 */
export function skipWithoutElectron(test: Readonly<{ skip(condition: boolean, description: string): void }>, binary: string | null): void {
  if (binary === null && !isReasonPrinted) {
    isReasonPrinted = true;
    console.log(`Electron specs skipped: ${NO_ELECTRON_REASON}`);
  }
  test.skip(binary === null, NO_ELECTRON_REASON);
}

/** A launched Autoloop: the app, its window, and its main process's output for failed tests. */
export type LaunchedApp = Readonly<{ app: ElectronApplication; window: Page; output(): string }>;

/** Notification settings that keep a test deterministic: no native dialogs or OS notifications to click away. */
const QUIET_NOTIFICATIONS = { approvalNeeded: false, budgetPause: false, runEnded: false, failureStop: false, approvalDialogs: false };

/**
 * Starts the built app with its own user data folder, waits for the window's page to load, and
 * turns its notifications off through the engine's settings (where the app reads them).
 */
export async function launchAutoloop(binary: string, userDataDir: string): Promise<LaunchedApp> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const app = await _electron.launch({
    executablePath: binary,
    // Chromium refuses to start as root with its sandbox on (containers, CI).
    args: [...(isRoot ? ['--no-sandbox'] : []), APP_ROOT],
    env: { ...process.env, AUTOLOOP_USER_DATA_DIR: userDataDir },
  });
  const lines: string[] = [];
  app.process().stdout?.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  app.process().stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const window = await app.firstWindow();
  await window.waitForLoadState('domcontentloaded');
  const quieted = (await callThroughBridge(window, 'settings.set', { notifications: QUIET_NOTIFICATIONS })) as { ok: boolean };
  if (!quieted.ok) throw new Error(`Could not turn the app's notifications off for the test: ${JSON.stringify(quieted)}`);
  return { app, window, output: () => lines.join('') };
}

/** Attaches the main process's output when a test failed. */
export async function attachOutputOnFailure(testInfo: TestInfo, launched: LaunchedApp | null, name: string): Promise<void> {
  if (launched && testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach(name, { body: launched.output(), contentType: 'text/plain' });
  }
}

type BridgeWindow = { autoloop: { call(method: string, params: unknown): Promise<unknown> } };

/** Calls the engine through the window's preload bridge, as the renderer does; resolves with the `{ok, ...}` answer. */
export async function callThroughBridge(window: Page, method: string, params: unknown): Promise<unknown> {
  return window.evaluate(([name, input]) => (globalThis as unknown as BridgeWindow).autoloop.call(name, input), [method, params] as const);
}
