import { defineConfig } from '@playwright/test';

/**
 * Browser smoke tests against a running example backend that serves the
 * built app (`scripts/goldpath.sh test` starts it). Uses the system's
 * Chromium: Playwright's own browser downloads are not used.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'node_modules/.cache/e2e-test-results',
  use: {
    baseURL: process.env.GOLDPATH_E2E_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
