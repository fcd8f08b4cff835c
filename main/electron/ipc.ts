/**
 * The router bound to Electron IPC. Only the app's own main frame is answered: a message
 * from any other frame or origin gets `{code: 'forbidden'}` (invoke) or is ignored (drag).
 * Events from the core are forwarded to the main window's page.
 */
import { ipcMain, nativeImage, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import type { ContractError, InvokeResult } from '../contract';
import type { Core } from '../core/types';
import type { EventBus } from '../kernel/events';
import { describeForLog } from '../kernel/redact';
import type { Router } from '../core/router';
import { isAppUrl } from './app-origin';
import { IPC } from './channels';

export const FORBIDDEN: ContractError = {
  code: 'forbidden',
  message: 'Only Atelier’s own window may talk to Atelier.',
};

/** A 1×1 transparent PNG: the drag icon when a file has no thumbnail (macOS needs one). */
const BLANK_ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

export interface IpcBindingOptions {
  router: Router;
  events: EventBus;
  media: Core['media'];
  /** The window whose main frame is trusted (read at call time: it may be recreated). */
  getWindow: () => BrowserWindow | null;
  devServerUrl?: string | null;
  log: (line: string) => void;
}

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'sender' | 'senderFrame'>;

/** True when the message comes from the trusted window's main frame, on the app's origin. */
export function isTrustedSender(event: SenderEvent, win: BrowserWindow | null, devServerUrl: string | null = null): boolean {
  if (!win || win.isDestroyed()) return false;
  const frame = event.senderFrame;
  const main = win.webContents.mainFrame;
  if (!frame || event.sender !== win.webContents) return false;
  if (!sameFrame(frame, main)) return false;
  return isAppUrl(frame.url, devServerUrl);
}

function sameFrame(a: WebFrameMain, b: WebFrameMain): boolean {
  return a === b || (a.processId === b.processId && a.routingId === b.routingId);
}

export function bindIpc(opts: IpcBindingOptions): () => void {
  const dev = opts.devServerUrl ?? null;

  ipcMain.handle(IPC.invoke, async (event, cmd: unknown, input: unknown): Promise<InvokeResult> => {
    if (!isTrustedSender(event, opts.getWindow(), dev)) {
      opts.log(`[atelier] refused an IPC call from a foreign frame (${safeUrl(event.senderFrame?.url)})`);
      return { ok: false, error: FORBIDDEN };
    }
    return opts.router.invoke(typeof cmd === 'string' ? cmd : String(cmd), input, { host: 'electron' });
  });

  const onDrag = (event: IpcMainEvent, fileId: unknown): void => {
    if (!isTrustedSender(event, opts.getWindow(), dev)) return;
    if (typeof fileId !== 'string' || fileId.length === 0 || fileId.length > 200) return;
    void startFileDrag(event, fileId, opts).catch((err: unknown) =>
      opts.log(`[atelier] dragging ${fileId} out failed: ${describeForLog(err)}`),
    );
  };
  ipcMain.on(IPC.startDrag, onDrag);

  const stopEvents = opts.events.onAny((name, payload) => {
    const win = opts.getWindow();
    if (!win || win.isDestroyed()) return;
    win.webContents.send(IPC.event, name, payload);
  });

  return () => {
    ipcMain.removeHandler(IPC.invoke);
    ipcMain.removeListener(IPC.startDrag, onDrag);
    stopEvents();
  };
}

async function startFileDrag(event: IpcMainEvent, fileId: string, opts: IpcBindingOptions): Promise<void> {
  const file = await opts.media(fileId, 'download');
  if (!file) return;
  const thumb = await opts.media(fileId, 'thumb').catch(() => null);
  let icon = thumb ? nativeImage.createFromPath(thumb.path) : nativeImage.createEmpty();
  if (icon.isEmpty()) icon = nativeImage.createFromDataURL(BLANK_ICON);
  else icon = icon.resize({ width: 96 });
  event.sender.startDrag({ file: file.path, icon });
}

function safeUrl(url: string | undefined): string {
  if (!url) return 'unknown frame';
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'unparseable URL';
  }
}
