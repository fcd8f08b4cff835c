/**
 * Atelier's Electron main process: the composition root of the desktop host.
 * (The only other files that import 'electron' are the ones beside this and preload/.)
 *
 * One instance (a second launch focuses the first); a sandboxed, context-isolated window
 * that loads `atelier://app/index.html`; the core behind IPC; keys sealed by the keychain.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, screen, session, type BrowserWindow } from 'electron';
import { createCore } from '../core/create-core';
import { createRouter } from '../core/router';
import { redactSecrets } from '../kernel/redact';
import type { Core } from '../core/types';
import { prepareApiTarget, type ApiTarget } from '../host/api-target';
import { parseHostArgs, type HostSettings } from '../host/args';
import { buildCsp, mediaOriginsFor } from '../host/csp';
import { APP_MEDIA_BASE, APP_START_URL } from './app-origin';
import { bindIpc } from './ipc';
import { installMenu } from './menu';
import { bindWorkNotifications } from './notifications';
import { installPermissionHandlers } from './permissions';
import { createAppProtocolHandler, installAppProtocol, registerAppScheme } from './protocol';
import { createKeychainSecretStore } from './secrets';
import { watchSettings } from './settings-watch';
import { bindTheme } from './theme';
import { createMainWindow, hardenWebContents } from './window';
import { loadWindowState, trackWindowState } from './window-state';

const log = (line: string) => console.error(redactSecrets(line));
const here = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(here, '../preload/index.cjs');
const rendererDir = path.join(here, '../renderer');
const devServerUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;

const settings = readSettings();
if (settings.dataDir) app.setPath('userData', path.resolve(settings.dataDir));

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function readSettings(): HostSettings {
  const parsed = parseHostArgs(process.argv.slice(1), process.env, { ignoreUnknown: true });
  if (parsed.ok) return parsed.settings;
  log(`[atelier] ${parsed.message.split('\n')[0]} Starting with defaults.`);
  return { port: 0, dataDir: null, sandbox: false, videogenUrl: null, syncUrl: null, mediaOrigins: [], help: false };
}

function run(): void {
  let win: BrowserWindow | null = null;
  let core: Core | null = null;
  let target: ApiTarget | null = null;
  let shutDown = false;

  const focusWindow = () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const openWindow = (): BrowserWindow => {
    const userData = app.getPath('userData');
    const state = loadWindowState(userData, screen.getAllDisplays().map((d) => d.workArea));
    const w = createMainWindow({ preloadPath, state });
    trackWindowState(w, userData);
    w.on('closed', () => {
      if (win === w) win = null;
    });
    void w.loadURL(devServerUrl ?? APP_START_URL);
    return w;
  };

  app.on('second-instance', focusWindow);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerUrl));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && !win) win = openWindow();
  });
  app.on('will-quit', (event) => {
    if (shutDown || (!core && !target)) return;
    event.preventDefault();
    shutDown = true;
    void (async () => {
      await core?.close().catch((err: unknown) => log(`[atelier] closing the core failed: ${String(err)}`));
      await target?.close().catch(() => {});
      app.quit();
    })();
  });

  app
    .whenReady()
    .then(async () => {
      const userData = app.getPath('userData');
      target = await prepareApiTarget(settings, userData, process.env, () =>
        createKeychainSecretStore(userData, { log }),
      );
      const liveCore: Core = await createCore({
        dataDir: target.coreDataDir,
        secrets: target.secrets,
        host: 'electron',
        mediaBase: APP_MEDIA_BASE,
        uploadEndpoint: null,
        sandbox: target.sandbox,
        ...(target.videogenBaseUrl ? { videogenBaseUrl: target.videogenBaseUrl } : {}),
        ...(target.syncBaseUrl ? { syncBaseUrl: target.syncBaseUrl } : {}),
      });
      core = liveCore;
      const router = createRouter(liveCore.handlers, { log });
      const pageCsp = buildCsp({
        mediaOrigins: mediaOriginsFor(target.videogenBaseUrl, settings.mediaOrigins),
        connect: devServerUrl ? [devServerUrl.replace(/^http/, 'ws').replace(/\/$/, '')] : [],
      });

      installPermissionHandlers(session.defaultSession, devServerUrl);
      installAppProtocol(
        session.defaultSession,
        createAppProtocolHandler({ rendererDir, media: (id, kind) => liveCore.media(id, kind), pageCsp, log }),
      );
      installMenu({ appName: app.getName(), isMac: process.platform === 'darwin', isDev: !app.isPackaged });

      const settingsWatch = watchSettings(router, liveCore.events, log);
      bindIpc({
        router,
        events: liveCore.events,
        media: (id, kind) => liveCore.media(id, kind),
        getWindow: () => win,
        devServerUrl,
        log,
      });
      bindWorkNotifications(liveCore.events, settingsWatch, focusWindow);
      await settingsWatch.ready;
      bindTheme(settingsWatch);
      if (target.sandbox) log('[atelier] using the local sandbox instead of the real APIs');
      win = openWindow();
    })
    .catch((err: unknown) => {
      log(`[atelier] Atelier could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      const reason = err instanceof Error ? err.message : String(err);
      dialog.showErrorBox('Atelier could not start', redactSecrets(reason));
      app.exit(1);
    });
}
