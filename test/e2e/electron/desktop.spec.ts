/**
 * The desktop app end to end, with Playwright's `_electron`: launch the built app against
 * the local sandbox, drop a file in, run a generation, and check what only Electron does
 * (the bridge, the app origin, links and popups never replacing the app).
 *
 * Needs an Electron binary. Where none exists (machines that cannot download it) the suite
 * skips and says why, plainly.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from '../../../main/electron/binary';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const binary = findElectronBinary();
const built = existsSync(path.join(repoRoot, 'out/main/index.js')) && existsSync(path.join(repoRoot, 'out/preload/index.cjs'));
const skipReason = !binary.ok
  ? `no Electron binary on this machine (${binary.reason})`
  : !built
    ? 'the app is not built (run npm run build first)'
    : null;
if (skipReason) console.log(`electron e2e skipped: ${skipReason}`);

type Bridge = {
  invoke(cmd: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
};

test.describe('Atelier desktop (Electron)', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  test.beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-e2e-electron-'));
    app = await electron.launch({
      executablePath: binary.ok ? binary.path : '',
      args: [repoRoot, '--sandbox', `--data-dir=${dataDir}`],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    });
    page = await app.firstWindow();
    // Wait for the app to say it is loaded (the bridge and the first render), never a sleep.
    await page.waitForFunction(() => 'atelier' in window && (document.getElementById('root')?.childElementCount ?? 0) > 0);
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('loads from the app origin with only the bridge exposed', async () => {
    expect(page.url()).toBe('atelier://app/index.html');
    const surface = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { atelier: object }).atelier).sort(),
    }));
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'pathForFile', 'startDrag', 'subscribe'] });
    const info = await page.evaluate(() => (window as unknown as { atelier: Bridge }).atelier.invoke('app.info', {}));
    expect(info).toMatchObject({ host: 'electron', mediaBase: 'atelier://app/media/' });
  });

  test('links, redirects and popups never replace the app', async () => {
    const popup = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(popup).toBe(true);
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(300); // a cancelled navigation has no event to wait for
    expect(page.url()).toBe('atelier://app/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  test('a dropped file is uploaded, and a generation runs to the end', async () => {
    const file = path.join(dataDir, 'dropped.png');
    await writeFile(
      file,
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'),
    );
    // A real File with a real path (setInputFiles), dropped on the window as Finder would.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'e2e-file';
      input.style.display = 'none';
      document.body.append(input);
    });
    await page.setInputFiles('#e2e-file', file);
    const resolvedPath = await page.evaluate(() => {
      const input = document.getElementById('e2e-file') as HTMLInputElement;
      const f = input.files![0]!;
      const dt = new DataTransfer();
      dt.items.add(f);
      const target = document.getElementById('root') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
      return (window as unknown as { atelier: { pathForFile(f: File): string } }).atelier.pathForFile(f);
    });
    expect(resolvedPath).toBe(file);

    // The drop handler queues the upload; wait until the sandbox has it.
    await expect
      .poll(
        async () =>
          page.evaluate(async () => {
            const list = (await (window as unknown as { atelier: Bridge }).atelier.invoke('uploads.list', {})) as Array<{ name: string; state: string }>;
            return list.find((u) => u.name === 'dropped.png')?.state ?? 'absent';
          }),
        { timeout: 60_000 },
      )
      .toBe('ready');

    const finished = await page.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const bridge = (window as unknown as { atelier: Bridge }).atelier;
          let id: string | null = null;
          const off = bridge.subscribe('execution.updated', (p) => {
            const e = p as { id: string; status: string };
            if (e.id === id && ['succeeded', 'failed', 'cancelled'].includes(e.status)) {
              off();
              resolve(e.status);
            }
          });
          bridge
            .invoke('tools.run', { tool: 'generate-image', params: { prompt: 'a red kite over the sea', quality: 'STANDARD' } })
            .then((r) => (id = (r as { executionId: string }).executionId), reject);
        }),
    );
    expect(finished).toBe('succeeded');
  });
});
