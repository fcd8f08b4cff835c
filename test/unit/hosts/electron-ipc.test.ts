/** IPC answers only the app's own main frame; events reach the page; drags start natively. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../../helpers/fake-electron/index')).electronModule());

import { FakeBrowserWindow, FakeFrame, FakeWebContents, fake, type FakeIpcEvent } from '../../helpers/fake-electron/index';
import { IPC } from '../../../main/electron/channels';
import { FORBIDDEN, bindIpc } from '../../../main/electron/ipc';
import { createRouter } from '../../../main/core/router';
import { createTestCore, patternBytes, type TestCore } from '../../integration/hosts/support/test-core';
import type { BrowserWindow } from 'electron';

let win: FakeBrowserWindow;
let core: TestCore;
let unbind: () => void;
const logs: string[] = [];

beforeEach(async () => {
  fake.reset();
  logs.length = 0;
  core = await createTestCore();
  win = new FakeBrowserWindow();
  await win.loadURL('atelier://app/index.html');
  unbind = bindIpc({
    router: createRouter(core.handlers),
    events: core.events,
    media: (id, kind) => core.media(id, kind),
    getWindow: () => win as unknown as BrowserWindow,
    log: (l) => logs.push(l),
  });
});

const fromMain = (): FakeIpcEvent => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });

describe('ipc invoke', () => {
  it('answers the main frame on the app origin through the router', async () => {
    const r = await fake.ipcMain.invokeFrom(fromMain(), IPC.invoke, 'app.info', {});
    expect(r).toMatchObject({ ok: true, value: { host: 'electron' } });
    const bad = await fake.ipcMain.invokeFrom(fromMain(), IPC.invoke, 'library.get', { fileId: 3 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a sub-frame of the same window', async () => {
    const iframe = new FakeFrame('atelier://app/index.html', { processId: 1, routingId: 999 });
    const r = await fake.ipcMain.invokeFrom({ sender: win.webContents, senderFrame: iframe }, IPC.invoke, 'app.info', {});
    expect(r).toEqual({ ok: false, error: FORBIDDEN });
    expect(logs.join('\n')).toMatch(/foreign frame/);
  });

  it('refuses the main frame once it shows another origin', async () => {
    win.webContents.mainFrame.url = 'https://evil.example/';
    const r = await fake.ipcMain.invokeFrom(fromMain(), IPC.invoke, 'keys.status', {});
    expect(r).toEqual({ ok: false, error: FORBIDDEN });
  });

  it('refuses other web contents, a missing frame and a destroyed window', async () => {
    const other = new FakeWebContents();
    expect(await fake.ipcMain.invokeFrom({ sender: other, senderFrame: other.mainFrame }, IPC.invoke, 'app.info', {})).toEqual({
      ok: false,
      error: FORBIDDEN,
    });
    expect(await fake.ipcMain.invokeFrom({ sender: win.webContents, senderFrame: null }, IPC.invoke, 'app.info', {})).toEqual({
      ok: false,
      error: FORBIDDEN,
    });
    win.destroyed = true;
    expect(await fake.ipcMain.invokeFrom(fromMain(), IPC.invoke, 'app.info', {})).toEqual({ ok: false, error: FORBIDDEN });
  });

  it('unbinds cleanly', async () => {
    unbind();
    await expect(fake.ipcMain.invokeFrom(fromMain(), IPC.invoke, 'app.info', {})).rejects.toThrow(/No handler/);
  });
});

describe('events', () => {
  it('forwards core events to the window', () => {
    core.events.emit('work.finished', { kind: 'execution', id: 'e1', ok: true, title: 'Done', body: 'Image ready' });
    expect(win.webContents.sent).toEqual([
      { channel: IPC.event, args: ['work.finished', { kind: 'execution', id: 'e1', ok: true, title: 'Done', body: 'Image ready' }] },
    ]);
  });
});

describe('startDrag', () => {
  it('starts a native drag of the cached file with its thumbnail, for the app frame only', async () => {
    const dl = core.addMedia('vg_file_9', 'download', patternBytes(100), 'video/mp4');
    const th = core.addMedia('vg_file_9', 'thumb', patternBytes(10), 'image/png');
    fake.ipcMain.sendFrom(fromMain(), IPC.startDrag, 'vg_file_9');
    await vi.waitFor(() => expect(win.webContents.drags).toHaveLength(1));
    expect(win.webContents.drags[0]!.file).toBe(dl.path);
    expect(win.webContents.drags[0]!.icon.source).toBe(th.path);

    const iframe = new FakeFrame('atelier://app/index.html', { processId: 1, routingId: 4242 });
    fake.ipcMain.sendFrom({ sender: win.webContents, senderFrame: iframe }, IPC.startDrag, 'vg_file_9');
    fake.ipcMain.sendFrom(fromMain(), IPC.startDrag, { not: 'a string' });
    await new Promise((r) => setTimeout(r, 20));
    expect(win.webContents.drags).toHaveLength(1);
  });

  it('uses a placeholder icon when there is no thumbnail, and does nothing for unknown files', async () => {
    core.addMedia('vg_file_8', 'download', patternBytes(5), 'audio/mpeg');
    fake.ipcMain.sendFrom(fromMain(), IPC.startDrag, 'vg_file_8');
    fake.ipcMain.sendFrom(fromMain(), IPC.startDrag, 'unknown');
    await vi.waitFor(() => expect(win.webContents.drags).toHaveLength(1));
    expect(win.webContents.drags[0]!.icon.source).toMatch(/^data:image\/png/);
  });
});
