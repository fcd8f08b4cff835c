/**
 * Atelier's Electron main process: the composition root of the desktop host.
 * (The only other files that import 'electron' are the ones beside this and preload/.)
 *
 * One instance (a second launch focuses the first); a log file in the data folder; SQLite
 * loaded from the build made for Electron, checked before any window opens; a sandboxed,
 * context-isolated window that loads `atelier://app/index.html`; the core behind IPC; keys
 * sealed by the keychain; updates for installed copies.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, screen, session, shell, type BrowserWindow } from 'electron';
import mainLog from 'electron-log/main';
import { createCore } from '../core/create-core';
import { createRouter } from '../core/router';
import type { Core, SqliteBinding } from '../core/types';
import { prepareApiTarget, type ApiTarget } from '../host/api-target';
import { parseHostArgs, type HostSettings } from '../host/args';
import { buildCsp, mediaOriginsFor } from '../host/csp';
import { logFilePath, setUpLogging } from '../host/logging';
import { chooseElectronBinding, probeBinding } from '../host/native/electron-binding';
import { cacheRoot } from '../host/native/sqlite-binding';
import type { UpdateController } from '../host/updates';
import { redactSecrets } from '../kernel/redact';
import { APP_MEDIA_BASE, APP_START_URL } from './app-origin';
import { bindIpc } from './ipc';
import { installMenu } from './menu';
import { bindWorkNotifications } from './notifications';
import { installPermissionHandlers } from './permissions';
import { createAppProtocolHandler, installAppProtocol, registerAppScheme } from './protocol';
import { createKeychainSecretStore } from './secrets';
import { watchSettings } from './settings-watch';
import { bindTheme } from './theme';
import { installUpdater } from './updater';
import { createMainWindow, hardenWebContents } from './window';
import { loadWindowState, trackWindowState } from './window-state';

const here = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(here, '../preload/index.cjs');
const rendererDir = path.join(here, '../renderer');
const devServerUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;

const settings = readSettings();
if (settings.dataDir) app.setPath('userData', path.resolve(settings.dataDir));
// Before anything else writes a line: console.* goes to <data folder>/logs/atelier.log, redacted.
const { file: logFile } = setUpLogging(mainLog, { file: logFilePath(app.getPath('userData')), redact: redactSecrets, captureConsole: true });
const log = (line: string) => console.error(line);

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
  console.error(`[atelier] ${parsed.message.split('\n')[0]} Starting with defaults.`);
  return { port: 0, dataDir: null, sandbox: false, videogenUrl: null, syncUrl: null, mediaOrigins: [], help: false };
}

function run(): void {
  let win: BrowserWindow | null = null;
  let core: Core | null = null;
  let target: ApiTarget | null = null;
  let updates: UpdateController | null = null;
  let shutDown = false;
  let quitApproved = false;

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
  // A downloaded update installs on quit, but never over work in flight without asking.
  app.on('before-quit', (event) => {
    if (quitApproved || !updates) return;
    event.preventDefault();
    const quit = () => {
      quitApproved = true;
      app.quit();
    };
    void updates.beforeQuit(quit).then((proceed) => proceed && quit(), quit);
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
      // SQLite first: a build that does not load gets a dialog with the fix, before any window.
      const sqlite = openableSqlite();
      if (!sqlite) return;
      target = await prepareApiTarget(
        settings,
        userData,
        process.env,
        () => createKeychainSecretStore(userData, { log }),
        { sqliteBinding: sqlite.path },
      );
      const liveCore: Core = await createCore({
        dataDir: target.coreDataDir,
        secrets: target.secrets,
        sqlite,
        // Built beside this file from main/workers/sync-writer.worker.ts (electron.vite.config.ts).
        syncWriterScript: path.join(here, 'sync-writer.js'),
        logs: { file: logFile, reveal: revealLogs },
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
        createAppProtocolHandler({ rendererDir, media: (id, kind, o) => liveCore.media(id, kind, o), pageCsp, log }),
      );
      const ctx = { host: 'electron' as const };
      updates = await installUpdater({
        getWindow: () => win,
        log,
        busy: async () => {
          const st = await liveCore.handlers['app.status']({}, ctx);
          return { uploads: st.queue.uploads, generations: st.queue.executions };
        },
      });
      const updateController = updates;
      installMenu({
        appName: app.getName(),
        isMac: process.platform === 'darwin',
        isDev: !app.isPackaged,
        onCheckForUpdates: () => void updateController.check(true),
        onShowLogs: () => void revealLogs(),
        onSyncLibrary: () => void router.invoke('library.sync', { full: true }, ctx),
      });

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
      dialog.showErrorBox('Atelier could not start', `${redactSecrets(reason)}\n\nThe log is at ${logFile}.`);
      app.exit(1);
    });
}

/**
 * The better-sqlite3 build made for this Electron, once it has opened a database; otherwise a
 * dialog that names the problem and its fix (and a log line), then exit. Never a stack trace.
 */
function openableSqlite(): SqliteBinding | null {
  const ctx = {
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    env: process.env,
    electronVersion: process.versions.electron ?? '',
    platform: process.platform,
    arch: process.arch,
    cacheRoot: cacheRoot(),
  };
  const choice = chooseElectronBinding(ctx);
  const failure = choice.ok ? probeBinding(choice.path, ctx) : choice;
  if (!failure && choice.ok) {
    log(`[atelier] SQLite: the Electron build at ${choice.path}`);
    return { kind: 'electron', path: choice.path };
  }
  const { problem: what, fix } = failure ?? { problem: 'SQLite could not be opened.', fix: 'Reinstall Atelier.' };
  log(`[atelier] Atelier cannot open its database: ${what} Fix: ${fix}`);
  dialog.showErrorBox('Atelier cannot open its database', `${what}\n\n${fix}\n\nThe log is at ${logFile}.`);
  app.exit(1);
  return null;
}

/** Help → Show Logs, and Settings → Show logs: the log file, selected in the file manager. */
async function revealLogs(): Promise<void> {
  shell.showItemInFolder(logFile);
}
