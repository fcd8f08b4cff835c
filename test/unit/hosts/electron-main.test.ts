/** The Electron composition root, run against the fake 'electron' and a test core. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../../helpers/fake-electron/index')).electronModule());
const created: Array<Record<string, unknown>> = [];
vi.mock('../../../main/core/create-core', async () => {
  const { createTestCore } = await import('../../integration/hosts/support/test-core');
  return {
    createCore: async (options: Record<string, unknown>) => {
      if (process.env.FAKE_CORE_FAIL) throw new Error(`database is locked (while checking ${process.env.ATELIER_VIDEOGEN_KEY})`);
      created.push(options);
      return createTestCore();
    },
  };
});

import { existsSync } from 'node:fs';
import { FakeBrowserWindow, FakeWebContents, fake } from '../../helpers/fake-electron/index';
import { IPC } from '../../../main/electron/channels';

// vi.mock can only replace a module that exists on disk.
const coreWritten = existsSync(path.resolve(__dirname, '../../../main/core/create-core.ts'));
if (!coreWritten) console.log('electron main test skipped: main/core/create-core.ts does not exist yet');

beforeEach(async () => {
  fake.reset();
  created.length = 0;
  vi.resetModules();
  fake.app.paths.set('userData', await mkdtemp(path.join(os.tmpdir(), 'atelier-userdata-')));
});

describe.skipIf(!coreWritten)('electron main', () => {
  it('quits at once when another instance holds the lock', async () => {
    fake.app.singleInstance = false;
    await import('../../../main/electron/main');
    expect(fake.app.quitCalled).toBe(1);
    expect(fake.app.listenerCount('second-instance')).toBe(0);
  });

  it('registers the scheme and sandbox before ready, then builds a locked-down window on the app origin', async () => {
    await import('../../../main/electron/main');
    expect(fake.protocol.privileged.map((s) => s.scheme)).toEqual(['atelier']);
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(FakeBrowserWindow.instances).toHaveLength(0);

    fake.app.readyResolve!();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.loadedUrl).toBe('atelier://app/index.html');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);

    expect(created[0]).toMatchObject({ host: 'electron', mediaBase: 'atelier://app/media/', uploadEndpoint: null, sandbox: false });
    expect((created[0]!.secrets as { kind: string }).kind).toMatch(/keychain|env/);
    expect(fake.defaultSession.protocol.handlers.has('atelier')).toBe(true);
    expect(fake.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(fake.menuTemplate).not.toBeNull();
    expect(fake.ipcMain.handlers.has(IPC.invoke)).toBe(true);

    // Every web contents created later is hardened too.
    const later = new FakeWebContents('atelier://app/index.html');
    fake.app.emit('web-contents-created', {}, later);
    expect(later.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });

    // A second launch focuses the first window.
    win.minimized = true;
    fake.app.emit('second-instance');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);

    // The page can talk to the core.
    const r = await fake.ipcMain.invokeFrom({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, IPC.invoke, 'app.info', {});
    expect(r).toMatchObject({ ok: true, value: { host: 'electron' } });
  });

  it('tells the person when it cannot start, without leaking a key, and exits', async () => {
    process.env.FAKE_CORE_FAIL = '1';
    process.env.ATELIER_VIDEOGEN_KEY = 'vg_live_secret_123';
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      await import('../../../main/electron/main');
      fake.app.readyResolve!();
      await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
      expect(fake.errorBoxes).toHaveLength(1);
      expect(fake.errorBoxes[0]!.title).toBe('Atelier could not start');
      expect(fake.errorBoxes[0]!.content).toMatch(/database is locked/);
      expect(fake.errorBoxes[0]!.content).not.toContain('vg_live_secret_123');
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(errors.join('\n')).toMatch(/could not start/);
      expect(errors.join('\n')).not.toContain('vg_live_secret_123');
    } finally {
      spy.mockRestore();
      delete process.env.FAKE_CORE_FAIL;
      delete process.env.ATELIER_VIDEOGEN_KEY;
    }
  });
});
