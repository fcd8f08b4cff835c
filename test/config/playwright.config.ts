/**
 * End-to-end suites, run by `npm run test:e2e` (and `npm test`, after `npm run build`).
 *
 *  - web: the built renderer in Debian's Chromium against the web host and the local sandbox
 *    (test/e2e/web; the fixtures there start both on fresh temp folders).
 *  - electron: the desktop app through Playwright's `_electron` (skips where no binary exists).
 *
 * One worker: the suites drive real processes (sandbox, host, ffmpeg) on a 2-core machine.
 */
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/web/processes';

export default defineConfig({
  testDir: fileURLToPath(new URL('../e2e', import.meta.url)),
  outputDir: fileURLToPath(new URL('../../test-results/e2e', import.meta.url)),
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1440, height: 900 },
    actionTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'web', testMatch: 'web/**/*.spec.ts' },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
