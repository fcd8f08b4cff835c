/**
 * Updates for installed copies: when to check, what to tell the person, and when a downloaded
 * update may install. The rules:
 *
 *  - installed copies check quietly at start and every few hours; "Check for Updates…" checks
 *    now and always answers (up to date, downloading, ready, or why it could not check);
 *  - a new version downloads in the background; when it is ready the person may restart now
 *    or later; otherwise it installs when they quit;
 *  - it never installs while uploads or generations are in flight without asking first (they
 *    resume after the restart, but the person decides).
 *
 * Plain logic over an updater (electron-updater's autoUpdater in the desktop host, a fake in
 * tests) and a way to ask (native dialogs in the desktop host).
 */

export interface UpdateInfoLike {
  version: string;
}

/** The part of electron-updater's AppUpdater this uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: UpdateInfoLike) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export interface UpdateUi {
  /** A message with one OK button. */
  tell(title: string, message: string): Promise<void>;
  /** A question; true when the person chose `yes`. */
  ask(title: string, message: string, yes: string, no: string): Promise<boolean>;
}

export interface WorkInFlight {
  uploads: number;
  generations: number;
}

export interface UpdateControllerOptions {
  /** electron-updater's autoUpdater in installed copies; null when running from sources. */
  updater: UpdaterLike | null;
  ui: UpdateUi;
  currentVersion: string;
  busy: () => Promise<WorkInFlight>;
  log?: (line: string) => void;
}

export type UpdateState =
  | { phase: 'idle' }
  | { phase: 'checking'; interactive: boolean }
  | { phase: 'downloading'; version: string }
  | { phase: 'ready'; version: string }
  | { phase: 'installing'; version: string };

/** What quitting should do, given a downloaded update and the work in flight. */
export function decideOnQuit(state: UpdateState, work: WorkInFlight): 'quit' | 'install' | 'ask' {
  if (state.phase !== 'ready') return 'quit';
  return work.uploads + work.generations > 0 ? 'ask' : 'install';
}

export function describeWork(work: WorkInFlight): string {
  const parts: string[] = [];
  if (work.uploads) parts.push(`${work.uploads} upload${work.uploads === 1 ? '' : 's'}`);
  if (work.generations) parts.push(`${work.generations} generation${work.generations === 1 ? '' : 's'}`);
  return parts.join(' and ');
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

export function createUpdateController(opts: UpdateControllerOptions) {
  const { ui } = opts;
  const log = opts.log ?? (() => {});
  let state: UpdateState = { phase: 'idle' };
  let interactive = false;
  const updater = opts.updater;
  if (updater) listen(updater);

  function listen(updater: UpdaterLike): void {
    updater.autoDownload = true;
    // Installing on quit is decided here (decideOnQuit), not by the updater.
    updater.autoInstallOnAppQuit = false;

    updater.on('update-available', (info) => {
      state = { phase: 'downloading', version: info.version };
      log(`[atelier] update ${info.version} is available; downloading it`);
      if (interactive) {
        interactive = false;
        void ui.tell('Update available', `Atelier ${info.version} is downloading. You'll be asked to restart when it is ready; otherwise it installs when you quit.`);
      }
    });
    updater.on('update-not-available', () => {
      state = { phase: 'idle' };
      if (interactive) {
        interactive = false;
        void ui.tell('No updates', `You're up to date: Atelier ${opts.currentVersion} is the newest version.`);
      }
    });
    updater.on('error', (err) => {
      const wasInteractive = interactive;
      interactive = false;
      if (state.phase === 'checking' || state.phase === 'downloading') state = { phase: 'idle' };
      log(`[atelier] update check failed: ${err.message}`);
      if (wasInteractive) void ui.tell('Update check failed', `Atelier couldn't check for updates: ${firstLine(err.message)}`);
    });
    updater.on('update-downloaded', (info) => {
      state = { phase: 'ready', version: info.version };
      log(`[atelier] update ${info.version} is downloaded and ready`);
      void offerRestart();
    });
  }

  /** Asks to restart into the downloaded version; installs only with the person's yes. */
  async function offerRestart(): Promise<boolean> {
    if (state.phase !== 'ready') return false;
    const version = state.version;
    const work = await opts.busy().catch(() => ({ uploads: 0, generations: 0 }));
    const n = work.uploads + work.generations;
    const message = n
      ? `Atelier ${version} is ready to install. ${describeWork(work)} ${plural(n, 'is', 'are')} in progress: restarting pauses ` +
        `${plural(n, 'it', 'them')}, and Atelier resumes ${plural(n, 'it', 'them')} after the update. Otherwise the update installs when you quit.`
      : `Atelier ${version} is ready to install. Restart now, or it installs when you quit.`;
    const yes = await ui.ask('Update ready', message, 'Restart now', 'Later');
    if (!yes || state.phase !== 'ready') return false;
    install(true);
    return true;
  }

  function install(relaunch: boolean): void {
    if (state.phase !== 'ready' || !updater) return;
    state = { phase: 'installing', version: state.version };
    log(`[atelier] installing update ${state.version}`);
    updater.quitAndInstall(true, relaunch);
  }

  return {
    state: () => state,

    /** Menu → Check for Updates… (interactive) or the quiet periodic check. */
    async check(asked: boolean): Promise<void> {
      if (!updater) {
        if (asked) await ui.tell('Updates', 'Updates are checked only in installed copies of Atelier; this one runs from its sources.');
        return;
      }
      if (state.phase === 'ready') {
        if (asked) await offerRestart();
        return;
      }
      if (state.phase === 'downloading' || state.phase === 'installing') {
        if (asked) await ui.tell('Update in progress', `Atelier ${state.version} is already downloading.`);
        return;
      }
      if (state.phase === 'checking') {
        interactive ||= asked;
        return;
      }
      interactive = asked;
      state = { phase: 'checking', interactive: asked };
      try {
        await updater.checkForUpdates();
      } catch (err) {
        // electron-updater also emits 'error'; make sure an asked-for check always answers.
        if (interactive) {
          interactive = false;
          await ui.tell('Update check failed', `Atelier couldn't check for updates: ${firstLine(err instanceof Error ? err.message : String(err))}`);
        }
        if (state.phase === 'checking') state = { phase: 'idle' };
      }
    },

    /**
     * The app is about to quit. Returns true when the quit may go ahead as it is; false when
     * the controller took over (it asks, then installs or quits itself through `quit`).
     */
    async beforeQuit(quit: () => void): Promise<boolean> {
      const work = await opts.busy().catch(() => ({ uploads: 0, generations: 0 }));
      const decision = decideOnQuit(state, work);
      if (decision === 'quit') return true;
      if (decision === 'install') {
        install(false);
        return false;
      }
      const version = state.phase === 'ready' ? state.version : '';
      const n = work.uploads + work.generations;
      const yes = await ui.ask(
        'Install the update?',
        `Atelier ${version} is ready to install, and ${describeWork(work)} ${plural(n, 'is', 'are')} in progress. ` +
          `${plural(n, 'It continues', 'They continue')} the next time Atelier starts either way.`,
        'Install and quit',
        'Quit without installing',
      );
      if (yes) install(false);
      else {
        state = { phase: 'idle' };
        quit();
      }
      return false;
    },
  };
}

export type UpdateController = ReturnType<typeof createUpdateController>;

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim())?.trim() ?? text;
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}
