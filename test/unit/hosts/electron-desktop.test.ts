/** Desktop habits: menu, permissions, notifications, theme, remembered window bounds. */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../../helpers/fake-electron/index')).electronModule());

import { FakeBrowserWindow, FakeNotification, FakeWebContents, fake } from '../../helpers/fake-electron/index';
import { buildMenuTemplate, installMenu } from '../../../main/electron/menu';
import { ALLOWED_PERMISSIONS, installPermissionHandlers } from '../../../main/electron/permissions';
import { bindWorkNotifications } from '../../../main/electron/notifications';
import { bindTheme } from '../../../main/electron/theme';
import { watchSettings } from '../../../main/electron/settings-watch';
import { DEFAULT_WINDOW_STATE, loadWindowState, parseWindowState, trackWindowState } from '../../../main/electron/window-state';
import { createRouter } from '../../../main/core/router';
import type { Settings } from '../../../main/contract';
import { createTestCore } from '../../integration/hosts/support/test-core';
import type { Session } from 'electron';

beforeEach(() => fake.reset());

type Item = { role?: string; label?: string; id?: string; submenu?: Item[]; type?: string; click?: () => void };
const roles = (items: Item[]): string[] => items.flatMap((i) => [i.role, ...(i.submenu ? roles(i.submenu) : [])]).filter((r): r is string => !!r);
const findId = (items: Item[], id: string): Item | undefined =>
  items.reduce<Item | undefined>((hit, i) => hit ?? (i.id === id ? i : i.submenu ? findId(i.submenu, id) : undefined), undefined);
const noop = { onCheckForUpdates: () => {}, onShowLogs: () => {} };

describe('menu', () => {
  it('has the usual Edit roles on every platform', () => {
    for (const isMac of [true, false]) {
      const t = buildMenuTemplate({ appName: 'Atelier', isMac, isDev: false, ...noop }) as Item[];
      const edit = t.find((i) => i.label === 'Edit')!;
      expect(roles(edit.submenu!)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
      expect(t.map((i) => i.label)).toEqual(isMac ? ['Atelier', 'File', 'Edit', 'View', 'Window', 'Help'] : ['File', 'Edit', 'View', 'Window', 'Help']);
    }
  });

  it('offers reload and devtools only in development', () => {
    const prod = roles(buildMenuTemplate({ appName: 'Atelier', isMac: false, isDev: false, ...noop }) as Item[]);
    const dev = roles(buildMenuTemplate({ appName: 'Atelier', isMac: false, isDev: true, ...noop }) as Item[]);
    expect(prod).not.toContain('reload');
    expect(prod).not.toContain('toggleDevTools');
    expect(dev).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    expect(prod).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
  });

  it('puts Check for Updates… in the app menu on macOS and in Help elsewhere; Show Logs in Help; both call back', () => {
    for (const isMac of [true, false]) {
      const calls: string[] = [];
      const t = buildMenuTemplate({
        appName: 'Atelier',
        isMac,
        isDev: false,
        onCheckForUpdates: () => calls.push('updates'),
        onShowLogs: () => calls.push('logs'),
      }) as Item[];
      const help = t.find((i) => i.label === 'Help')!;
      const updatesHome = isMac ? t[0]! : help;
      expect(updatesHome.submenu!.map((i) => i.label)).toContain('Check for Updates…');
      expect(help.submenu!.map((i) => i.label)).toContain('Show Logs');
      findId(t, 'check-for-updates')!.click!();
      findId(t, 'show-logs')!.click!();
      expect(calls).toEqual(['updates', 'logs']);
    }
  });

  it('has File → Sync Library Now (shows Ctrl/Cmd+Shift+S, which the page handles) and calls back', () => {
    let synced = 0;
    const t = buildMenuTemplate({ appName: 'Atelier', isMac: false, isDev: false, ...noop, onSyncLibrary: () => synced++ }) as Item[];
    const item = findId(t, 'sync-library') as Item & { accelerator?: string; registerAccelerator?: boolean };
    expect(item.label).toBe('Sync Library Now');
    expect(item.accelerator).toBe('CmdOrCtrl+Shift+S');
    expect(item.registerAccelerator).toBe(false);
    item.click!();
    expect(synced).toBe(1);
  });

  it('installs the menu', () => {
    installMenu({ appName: 'Atelier', isMac: true, isDev: false, ...noop });
    expect((fake.menuTemplate as Item[])[0]!.label).toBe('Atelier');
  });
});

describe('permissions', () => {
  it('grants only what the app page needs, and nothing to other origins', async () => {
    installPermissionHandlers(fake.defaultSession as unknown as Session);
    const app = new FakeWebContents('atelier://app/index.html');
    const foreign = new FakeWebContents('https://evil.example/');
    const s = fake.defaultSession;
    expect(await s.request(app, 'clipboard-sanitized-write', 'atelier://app/index.html')).toBe(true);
    expect(await s.request(app, 'fullscreen', 'atelier://app/index.html')).toBe(true);
    for (const p of ['notifications', 'clipboard-read', 'media', 'geolocation', 'openExternal', 'midiSysex', 'hid', 'display-capture']) {
      expect(await s.request(app, p, 'atelier://app/index.html'), p).toBe(false);
    }
    expect(await s.request(foreign, 'fullscreen', 'https://evil.example/')).toBe(false);
    expect(await s.request(app, 'fullscreen', 'https://evil.example/')).toBe(false);
    expect(s.permissionCheckHandler!(app, 'fullscreen', 'atelier://app', {})).toBe(true);
    expect(s.permissionCheckHandler!(app, 'media', 'atelier://app', {})).toBe(false);
    expect(s.permissionCheckHandler!(null, 'fullscreen', 'https://evil.example', {})).toBe(false);
    expect(s.devicePermissionHandler!({})).toBe(false);
    expect([...ALLOWED_PERMISSIONS].sort()).toEqual(['clipboard-sanitized-write', 'fullscreen']);
  });
});

async function settingsCore(initial: Partial<Settings>) {
  let settings: Settings = { uploadConcurrency: 2, cacheCapBytes: 1e9, notifications: true, theme: 'system', libraryView: 'grid', spendingCapUsd: null, ...initial } as Settings;
  const core = await createTestCore({ 'settings.get': async () => settings });
  const router = createRouter(core.handlers);
  const watch = watchSettings(router, core.events, () => {});
  await watch.ready;
  return {
    core,
    watch,
    change(patch: Partial<Settings>) {
      settings = { ...settings, ...patch };
      core.events.emit('store.changed', { tables: ['settings'] });
    },
  };
}

describe('notifications', () => {
  it('notifies when work finishes, unless notifications are off; a click focuses the app', async () => {
    const { core, watch, change } = await settingsCore({});
    let focused = 0;
    bindWorkNotifications(core.events, watch, () => focused++);
    core.events.emit('work.finished', { kind: 'upload', id: 'u1', ok: true, title: 'Uploaded', body: 'a.mp4 is ready' });
    expect(FakeNotification.instances).toHaveLength(1);
    expect(FakeNotification.instances[0]!.options).toEqual({ title: 'Uploaded', body: 'a.mp4 is ready' });
    expect(FakeNotification.instances[0]!.shown).toBe(true);
    FakeNotification.instances[0]!.emit('click');
    expect(focused).toBe(1);

    change({ notifications: false });
    await vi.waitFor(() => expect(watch.current()?.notifications).toBe(false));
    core.events.emit('work.finished', { kind: 'upload', id: 'u2', ok: true, title: 'Uploaded', body: 'b' });
    expect(FakeNotification.instances).toHaveLength(1);
  });

  it('stays quiet where notifications are unsupported', async () => {
    const { core, watch } = await settingsCore({});
    FakeNotification.supported = false;
    bindWorkNotifications(core.events, watch, () => {});
    core.events.emit('work.finished', { kind: 'execution', id: 'e', ok: false, title: 'Failed', body: 'x' });
    expect(FakeNotification.instances).toHaveLength(0);
  });
});

describe('theme', () => {
  it('follows the theme setting', async () => {
    const { watch, change } = await settingsCore({ theme: 'dark' });
    bindTheme(watch);
    expect(fake.nativeTheme.themeSource).toBe('dark');
    change({ theme: 'light' });
    await vi.waitFor(() => expect(fake.nativeTheme.themeSource).toBe('light'));
    change({ theme: 'system' });
    await vi.waitFor(() => expect(fake.nativeTheme.themeSource).toBe('system'));
  });
});

describe('window state', () => {
  const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('restores a saved state that is on screen, and drops a position that is not', () => {
    expect(parseWindowState(JSON.stringify({ x: 100, y: 50, width: 1000, height: 700, maximized: true }), displays)).toEqual({
      x: 100,
      y: 50,
      width: 1000,
      height: 700,
      maximized: true,
    });
    expect(parseWindowState(JSON.stringify({ x: 5000, y: 50, width: 1000, height: 700 }), displays)).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
    expect(parseWindowState('{broken', displays)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState(JSON.stringify({ width: 1e9, height: -5 }), displays)).toEqual({ width: 16384, height: 360, maximized: false });
  });

  it('saves bounds on close and loads them back', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-winstate-'));
    const win = new FakeBrowserWindow();
    win.bounds = { x: 30, y: 40, width: 1111, height: 777 };
    trackWindowState(win, dir, 10);
    win.emit('close');
    expect(JSON.parse(await readFile(path.join(dir, 'window-state.json'), 'utf8'))).toEqual({ x: 30, y: 40, width: 1111, height: 777, maximized: false });
    expect(loadWindowState(dir, displays)).toEqual({ x: 30, y: 40, width: 1111, height: 777, maximized: false });
  });
});
