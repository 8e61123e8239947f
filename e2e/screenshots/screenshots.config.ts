import type { PlaywrightTestConfig } from '@playwright/test';
import { devices } from '@playwright/test';

// `npm run screenshots`: captures every page in light and dark into docs/screenshots (README "Screenshots").
// Playwright reads a config's named exports when it has no default export, which our lint rule forbids (STYLE R13).

export const testDir = '.';
export const testMatch = '*.shot.ts';
export const outputDir = '../../test-results/screenshots';
export const timeout = 180_000;
export const workers = 1;
export const retries = 0;
export const reporter: PlaywrightTestConfig['reporter'] = 'list';
export const use: PlaywrightTestConfig['use'] = {
  ...devices['Desktop Chrome'],
  browserName: 'chromium',
  headless: true,
  viewport: { width: 1280, height: 860 },
  deviceScaleFactor: 1,
  launchOptions: {
    executablePath: process.env.AUTOLOOP_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  },
};
