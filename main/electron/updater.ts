/**
 * electron-updater behind the update rules of host/updates.ts, with native dialogs. Only
 * installed copies load electron-updater; a run from sources gets the controller without an
 * updater, which explains that updates come to installed copies.
 *
 * The feed is the `publish` entry of electron-builder.yml (written into the package as
 * app-update.yml); ATELIER_UPDATE_URL points an installed copy at another generic feed.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import { createUpdateController, type UpdateController, type UpdaterLike, type UpdateUi, type WorkInFlight } from '../host/updates';

const QUIET_CHECK_AFTER_MS = 15_000;
const QUIET_CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

export interface UpdaterOptions {
  busy: () => Promise<WorkInFlight>;
  getWindow: () => BrowserWindow | null;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export function dialogUi(getWindow: () => BrowserWindow | null): UpdateUi {
  const show = (options: Electron.MessageBoxOptions) => {
    const win = getWindow();
    return win && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options);
  };
  return {
    async tell(title, message) {
      await show({ type: 'info', title, message, buttons: ['OK'] });
    },
    async ask(title, message, yes, no) {
      const r = await show({ type: 'question', title, message, buttons: [yes, no], defaultId: 0, cancelId: 1 });
      return r.response === 0;
    },
  };
}

export async function installUpdater(opts: UpdaterOptions): Promise<UpdateController> {
  const env = opts.env ?? process.env;
  let updater: UpdaterLike | null = null;
  if (app.isPackaged) {
    try {
      const { autoUpdater } = (await import('electron-updater')).default;
      const feed = env.ATELIER_UPDATE_URL?.trim();
      if (feed) autoUpdater.setFeedURL({ provider: 'generic', url: feed });
      autoUpdater.logger = { info: opts.log, warn: opts.log, error: opts.log, debug: () => {} };
      updater = autoUpdater;
    } catch (err) {
      opts.log(`[atelier] updates are off: the updater could not load (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  const controller = createUpdateController({
    updater,
    ui: dialogUi(opts.getWindow),
    currentVersion: app.getVersion(),
    busy: opts.busy,
    log: opts.log,
  });
  if (updater) {
    setTimeout(() => void controller.check(false), QUIET_CHECK_AFTER_MS).unref();
    setInterval(() => void controller.check(false), QUIET_CHECK_EVERY_MS).unref();
  }
  return controller;
}
