/** The preload exposes exactly invoke / subscribe / pathForFile / startDrag, and nothing else. */
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../../helpers/fake-electron/index')).electronModule());

import { fake } from '../../helpers/fake-electron/index';
import { IPC } from '../../../main/electron/channels';
import type { AtelierBridge } from '../../../preload/api';

let bridge: AtelierBridge;

beforeAll(async () => {
  fake.reset();
  await import('../../../preload/index');
  bridge = fake.exposed.get('atelier') as AtelierBridge;
});

describe('preload bridge', () => {
  it('exposes one object, window.atelier, with exactly four functions', () => {
    expect([...fake.exposed.keys()]).toEqual(['atelier']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'pathForFile', 'startDrag', 'subscribe']);
    for (const fn of Object.values(bridge)) expect(typeof fn).toBe('function');
  });

  it('invoke resolves with the value, or rejects with the contract error', async () => {
    fake.ipcRenderer.reply = (_ch, cmd) =>
      cmd === 'app.info' ? { ok: true, value: { host: 'electron' } } : { ok: false, error: { code: 'invalid_input', message: 'bad' } };
    await expect(bridge.invoke('app.info', {})).resolves.toEqual({ host: 'electron' });
    await expect(bridge.invoke('library.get', {})).rejects.toEqual({ code: 'invalid_input', message: 'bad' });
    expect(fake.ipcRenderer.invoked.at(-1)).toEqual({ channel: IPC.invoke, args: ['library.get', {}] });
    fake.ipcRenderer.reply = () => undefined;
    await expect(bridge.invoke('app.info', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('subscribe delivers one event name to its listeners until unsubscribed', () => {
    const got: unknown[] = [];
    const off = bridge.subscribe('work.finished', (p) => got.push(p));
    bridge.subscribe('store.changed', () => got.push('wrong'));
    fake.ipcRenderer.deliver(IPC.event, 'work.finished', { id: 1 });
    off();
    fake.ipcRenderer.deliver(IPC.event, 'work.finished', { id: 2 });
    expect(got).toEqual([{ id: 1 }]);
    expect(() => bridge.subscribe('x', 'nope' as unknown as () => void)).toThrow(TypeError);
  });

  it('pathForFile asks webUtils; startDrag sends the file id', () => {
    const file = { name: 'a.png' };
    fake.droppedFilePaths.set(file, '/Users/me/a.png');
    expect(bridge.pathForFile(file as unknown as File)).toBe('/Users/me/a.png');
    bridge.startDrag('vg_file_1');
    bridge.startDrag('');
    expect(fake.ipcRenderer.sentMessages).toEqual([{ channel: IPC.startDrag, args: ['vg_file_1'] }]);
  });
});
