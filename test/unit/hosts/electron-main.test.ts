/** The Electron composition root, run against the fake 'electron' and a test core. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../../helpers/fake-electron/index')).electronModule());
// electron-log's main-process flavour needs the real Electron; its Node flavour has the same
// logger (a fresh one per import), file transport included.
vi.mock('electron-log/main', async () => {
  const node = (await import('electron-log/node')).default;
  return { default: node.create({ logId: `main-test-${Math.random()}` }) };
});
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
import { nodeSqliteBinding } from '../../../main/store';

// vi.mock can only replace a module that exists on disk.
const coreWritten = existsSync(path.resolve(__dirname, '../../../main/core/create-core.ts'));
if (!coreWritten) console.log('electron main test skipped: main/core/create-core.ts does not exist yet');

const realConsole = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
let userData = '';

beforeEach(async () => {
  fake.reset();
  created.length = 0;
  vi.resetModules();
  userData = await mkdtemp(path.join(os.tmpdir(), 'atelier-userdata-'));
  fake.app.paths.set('userData', userData);
  // What `npm start` hands the desktop host. Here (plain Node) the Node build is the one that loads.
  process.env.ATELIER_SQLITE_BINDING = nodeSqliteBinding();
});
afterEach(() => {
  // main.ts routes console.* through its log file; give the next test the real console back.
  Object.assign(console, realConsole);
  delete process.env.ATELIER_SQLITE_BINDING;
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

    expect(created[0]).toMatchObject({
      host: 'electron',
      mediaBase: 'atelier://app/media/',
      uploadEndpoint: null,
      sandbox: false,
      // SQLite is loaded from the path it was given, explicitly, and the core knows which build it is.
      sqlite: { kind: 'electron', path: nodeSqliteBinding() },
      logs: { file: path.join(userData, 'logs', 'atelier.log') },
    });
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
    try {
      await import('../../../main/electron/main');
      fake.app.readyResolve!();
      await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
      expect(fake.errorBoxes).toHaveLength(1);
      expect(fake.errorBoxes[0]!.title).toBe('Atelier could not start');
      expect(fake.errorBoxes[0]!.content).toMatch(/database is locked/);
      expect(fake.errorBoxes[0]!.content).not.toContain('vg_live_secret_123');
      const logFile = path.join(userData, 'logs', 'atelier.log');
      expect(fake.errorBoxes[0]!.content).toContain(`The log is at ${logFile}`);
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      const logged = await readFile(logFile, 'utf8');
      expect(logged).toMatch(/could not start/);
      expect(logged).not.toContain('vg_live_secret_123');
    } finally {
      delete process.env.FAKE_CORE_FAIL;
      delete process.env.ATELIER_VIDEOGEN_KEY;
    }
  });

  it('checks that SQLite opens before any window: a missing build gets a dialog with the fix, and the log says so', async () => {
    process.env.ATELIER_SQLITE_BINDING = path.join(userData, 'nowhere', 'better_sqlite3.node');
    await import('../../../main/electron/main');
    fake.app.readyResolve!();
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(created).toHaveLength(0); // the core never started
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(fake.errorBoxes).toEqual([
      {
        title: 'Atelier cannot open its database',
        content: expect.stringMatching(/missing \(.*nowhere.*better_sqlite3\.node\)[\s\S]*npm start[\s\S]*The log is at /),
      },
    ]);
    expect(fake.errorBoxes[0]!.content).not.toMatch(/\n\s+at /); // no stack trace
    expect(await readFile(path.join(userData, 'logs', 'atelier.log'), 'utf8')).toMatch(/cannot open its database: The SQLite module .* missing/);
  });

  it('a file that is not a loadable module is named in the dialog, with what to do', async () => {
    const bogus = path.join(userData, 'better_sqlite3.node');
    await writeFile(bogus, 'not a native module');
    process.env.ATELIER_SQLITE_BINDING = bogus;
    await import('../../../main/electron/main');
    fake.app.readyResolve!();
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(fake.errorBoxes[0]!.title).toBe('Atelier cannot open its database');
    expect(fake.errorBoxes[0]!.content).toContain(`The SQLite module (${bogus}) could not be loaded`);
    expect(fake.errorBoxes[0]!.content).toMatch(/npm start/);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('an installed copy loads the build unpacked beside app.asar, and Help → Show Logs reveals the log file', async () => {
    delete process.env.ATELIER_SQLITE_BINDING;
    fake.app.isPackaged = true;
    const resources = path.join(userData, 'resources');
    const unpacked = path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const { mkdir, copyFile } = await import('node:fs/promises');
    await mkdir(path.dirname(unpacked), { recursive: true });
    await copyFile(nodeSqliteBinding(), unpacked);
    const before = process.resourcesPath;
    Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
    try {
      await import('../../../main/electron/main');
      fake.app.readyResolve!();
      await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
      expect(created[0]).toMatchObject({ sqlite: { kind: 'electron', path: unpacked } });
      type Item = { id?: string; submenu?: Item[]; click?: () => void };
      const find = (items: Item[]): Item | undefined => items.reduce<Item | undefined>((h, i) => h ?? (i.id === 'show-logs' ? i : i.submenu ? find(i.submenu) : undefined), undefined);
      find(fake.menuTemplate as Item[])!.click!();
      expect(fake.revealed).toEqual([path.join(userData, 'logs', 'atelier.log')]);
    } finally {
      Object.defineProperty(process, 'resourcesPath', { value: before, configurable: true });
    }
  });
});
