/**
 * The preload bridge (runs sandboxed, context-isolated, bundled to CommonJS): the page gets
 * `window.atelier` with invoke / subscribe / pathForFile / startDrag and nothing else — no
 * ipcRenderer, no channel names, no Node.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ContractError, InvokeResult } from '../main/contract';
import { IPC } from '../main/electron/channels';
import { BRIDGE_KEY, type AtelierBridge } from './api';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC.event, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of [...(listeners.get(name) ?? [])]) {
    try {
      listener(payload);
    } catch (err) {
      console.error(`Atelier: a listener for ${name} failed`, err);
    }
  }
});

const BROKEN_REPLY: ContractError = { code: 'internal', message: 'Atelier sent a reply the window could not read.' };

const bridge: AtelierBridge = {
  async invoke(cmd, input) {
    const result = (await ipcRenderer.invoke(IPC.invoke, String(cmd), input)) as InvokeResult | undefined;
    if (result && result.ok === true) return result.value;
    // A plain { code, message } object: it crosses the context bridge intact.
    throw result && result.ok === false ? { code: result.error.code, message: result.error.message } : BROKEN_REPLY;
  },
  subscribe(event, listener) {
    if (typeof event !== 'string' || typeof listener !== 'function') {
      throw new TypeError('subscribe(event, listener) needs an event name and a function');
    }
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const entry = (payload: unknown) => listener(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  },
  pathForFile(file) {
    return webUtils.getPathForFile(file);
  },
  startDrag(fileId) {
    if (typeof fileId === 'string' && fileId.length > 0) ipcRenderer.send(IPC.startDrag, fileId);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
