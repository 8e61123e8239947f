import { defineConfig } from '@playwright/test';

/**
 * End-to-end journeys (STYLE R20): the real headless server (`autoloop serve`), real runner
 * processes, the real UI in Chromium; only the model is scripted. Run `npm run build` first
 * (`npm run test:e2e` does). The machine's Chromium is used; never `npx playwright install`.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // Every test starts its own server and runner processes; two CPU cores here.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.AUTOLOOP_E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
