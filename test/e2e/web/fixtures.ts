/**
 * Fixtures for the web end-to-end suite: real processes, fresh temp folders, no sleeps.
 *
 *  - `startSandboxProcess` runs `main/sandbox/cli.ts` (fast timings) and reads its URL line;
 *    it can be stopped and started again on the same port (the offline test does).
 *  - `startWebHostProcess` runs `main/web/cli.ts` on a fresh `--data-dir`, either with
 *    `--sandbox` or pointed at a sandbox process (keys from the environment), and reads the
 *    `atelier web host: <url>` line.
 *  - `context`/`page`: Debian Chromium with a fresh profile (launchPersistentContext); `page`
 *    opens the app and waits for `data-app-state="ready"`.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, expect, test as base, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startSandboxProcess, startWebHostProcess, tempDir, type SandboxProc, type WebHostProc } from './processes';

export * from './processes';

/** One sandbox process and one web host per worker, on fresh temp folders. */
export interface Atelier {
  url: string;
  sandbox: SandboxProc;
  host: WebHostProc;
}

/** `sandboxArgs`: extra sandbox flags (faults, URL lifetimes) for a spec that needs them. */
export async function startAtelier(opts: { sandboxArgs?: string[] } = {}): Promise<Atelier & { stop(): Promise<void> }> {
  const root = tempDir('run');
  const sandbox = await startSandboxProcess({ dataDir: path.join(root, 'sandbox'), ...(opts.sandboxArgs ? { extra: opts.sandboxArgs } : {}) });
  let host: WebHostProc;
  try {
    host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox });
  } catch (err) {
    await sandbox.stop();
    throw err;
  }
  return {
    url: host.url,
    sandbox,
    host,
    async stop() {
      await host.stop();
      await sandbox.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Open the app and wait until it says it is ready (first library page rendered). */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible({ timeout: 30_000 });
}

export async function launchChromium(colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = tempDir('profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    colorScheme,
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ context: BrowserContext; page: Page }, { atelier: Atelier }>({
  atelier: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const a = await startAtelier();
      try {
        await use(a);
      } finally {
        await a.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const c = await launchChromium();
    try {
      await use(c.context);
    } finally {
      await c.close();
    }
  },
  page: async ({ context, atelier }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await openApp(page, atelier.url);
    await use(page);
  },
});

export { expect };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A file in a listbox (the library, search results, the file picker) by its name: an item's
 * accessible name starts with the file's name, then says what the tile shows ("a.png, Image").
 */
export const fileOption = (scope: Page | Locator, name: string) => scope.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}(,|$)`) });

/** The library grid (or list) and its items. */
export const library = (page: Page) => page.getByRole('listbox', { name: 'Library' });
export const libraryItem = (page: Page, name: string) => fileOption(library(page), name);
export const nav = (page: Page, name: 'Library' | 'Generate' | 'Activity' | 'Settings') =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** Wait until a file is in the library and processed (no "Processing" badge on its tile). */
export async function expectReadyInLibrary(page: Page, name: string): Promise<void> {
  await expect(libraryItem(page, name)).toBeVisible({ timeout: 60_000 });
  await expect(libraryItem(page, name).getByText('Processing')).toHaveCount(0, { timeout: 60_000 });
}
