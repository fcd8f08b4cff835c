/**
 * The main window and the navigation rules every web contents gets: the app never leaves
 * its own pages. Links to http(s) sites open in the person's browser; nothing else opens.
 */
import { BrowserWindow, shell, type WebContents, type WebPreferences } from 'electron';
import { isAppUrl } from './app-origin';
import { safeExternalUrl } from './external-links';
import type { WindowState } from './window-state';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  state: WindowState;
  title?: string;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const { state } = opts;
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: opts.title ?? 'Atelier',
    backgroundColor: '#00000000',
    webPreferences: secureWebPreferences(opts.preloadPath),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Open an http(s) link in the browser; anything else is dropped. Returns whether it opened. */
export function openExternally(raw: string, open: (url: string) => Promise<void> = (u) => shell.openExternal(u)): boolean {
  const safe = safeExternalUrl(raw);
  if (!safe) return false;
  open(safe).catch(() => {
    /* no browser configured: nothing more to do */
  });
  return true;
}

/**
 * Applied to every web contents the app creates (main window, devtools, anything else):
 * navigations and redirects are cancelled, new windows denied, <webview> refused.
 */
export function hardenWebContents(contents: WebContents, devServerUrl: string | null = null): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (!isAppUrl(url, devServerUrl)) openExternally(url);
  });
  contents.on('will-frame-navigate', (event) => {
    // Sub-frames (there should be none) may not navigate anywhere either.
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (!isAppUrl(url, devServerUrl)) openExternally(url);
    return { action: 'deny' };
  });
}
