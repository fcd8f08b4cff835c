/** npm start's choice between the desktop app and the browser; the rules for installing updates. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { planLaunch, type LaunchSteps } from '../../../main/host/launch';
import { createUpdateController, decideOnQuit, type UpdaterLike, type UpdateUi, type WorkInFlight } from '../../../main/host/updates';

function steps(over: Partial<LaunchSteps> = {}): LaunchSteps & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    findElectron: () => (calls.push('find'), { ok: true, path: '/e/electron' }),
    downloadElectron: () => (calls.push('download'), false),
    electronVersion: () => '45.4.1',
    ensureSqlite: async (p, v) => (calls.push(`sqlite ${p} ${v}`), { ok: true, path: '/cache/better_sqlite3.node', prepared: false }),
    ...over,
  };
}

describe('planLaunch', () => {
  it('launches Electron with the SQLite build prepared for its version', async () => {
    const s = steps();
    expect(await planLaunch(s)).toEqual({ kind: 'electron', electronPath: '/e/electron', electronVersion: '45.4.1', sqliteBinding: '/cache/better_sqlite3.node' });
    expect(s.calls).toEqual(['find', 'sqlite /e/electron 45.4.1']);
  });

  it('fetches a missing Electron once, and uses it when that works', async () => {
    let have = false;
    const s = steps({
      findElectron: () => (have ? { ok: true, path: '/e/electron' } : { ok: false, reason: 'its binary was never downloaded (path.txt is missing)' }),
      downloadElectron: () => ((have = true), true),
    });
    expect(await planLaunch(s)).toMatchObject({ kind: 'electron' });
  });

  it('falls back to the browser with one sentence: no Electron binary', async () => {
    const s = steps({ findElectron: () => ({ ok: false, reason: 'its binary was never downloaded (path.txt is missing)' }) });
    expect(await planLaunch(s)).toEqual({
      kind: 'web',
      why: "Electron isn't available on this machine (its binary could not be downloaded), so Atelier is starting in your browser instead.",
    });
    expect(s.calls).toEqual(['download']);
  });

  it('falls back to the browser with one sentence: no SQLite build for that Electron', async () => {
    const s = steps({ ensureSqlite: async () => ({ ok: false, reason: 'no prebuilt build could be downloaded and none could be compiled (the network is unreachable)', logFile: '/c/prepare.log' }) });
    expect(await planLaunch(s)).toEqual({
      kind: 'web',
      why:
        'SQLite could not be prepared for Electron 45.4.1: no prebuilt build could be downloaded and none could be compiled (the network is unreachable), ' +
        'so Atelier is starting in your browser instead (details in /c/prepare.log).',
    });
  });
});

class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  checks = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  next: 'none' | 'available' | 'error' | 'throw' = 'none';
  async checkForUpdates(): Promise<unknown> {
    this.checks++;
    if (this.next === 'throw') throw new Error('net::ERR_INTERNET_DISCONNECTED\n    at stack');
    queueMicrotask(() => {
      if (this.next === 'none') this.emit('update-not-available', { version: '0.1.0' });
      if (this.next === 'available') this.emit('update-available', { version: '0.2.0' });
      if (this.next === 'error') this.emit('error', new Error('HttpError: 404 Not Found'));
    });
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function fakeUi(answers: boolean[] = []) {
  const told: string[] = [];
  const asked: Array<{ title: string; message: string; yes: string; no: string }> = [];
  const ui: UpdateUi = {
    async tell(title, message) {
      told.push(`${title}: ${message}`);
    },
    async ask(title, message, yes, no) {
      asked.push({ title, message, yes, no });
      return answers.shift() ?? false;
    },
  };
  return { ui, told, asked };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('updates', () => {
  it('decides on quit: install when idle, ask with work in flight, plain quit without an update', () => {
    const ready = { phase: 'ready', version: '0.2.0' } as const;
    expect(decideOnQuit(ready, { uploads: 0, generations: 0 })).toBe('install');
    expect(decideOnQuit(ready, { uploads: 1, generations: 0 })).toBe('ask');
    expect(decideOnQuit({ phase: 'idle' }, { uploads: 3, generations: 2 })).toBe('quit');
    expect(decideOnQuit({ phase: 'downloading', version: '0.2.0' }, { uploads: 0, generations: 0 })).toBe('quit');
  });

  it('a copy run from sources explains that installed copies update', async () => {
    const { ui, told } = fakeUi();
    const c = createUpdateController({ updater: null, ui, currentVersion: '0.1.0', busy: async () => ({ uploads: 0, generations: 0 }) });
    await c.check(true);
    expect(told).toEqual(['Updates: Updates are checked only in installed copies of Atelier; this one runs from its sources.']);
    await c.check(false);
    expect(told).toHaveLength(1);
  });

  it('Check for Updates… always answers: up to date, downloading, or why it could not check; quiet checks say nothing', async () => {
    const u = new FakeUpdater();
    const { ui, told } = fakeUi();
    const c = createUpdateController({ updater: u, ui, currentVersion: '0.1.0', busy: async () => ({ uploads: 0, generations: 0 }) });
    expect(u.autoDownload).toBe(true);
    expect(u.autoInstallOnAppQuit).toBe(false); // installing on quit is decided by the rules, not the updater
    await c.check(false);
    await flush();
    expect(told).toEqual([]);
    await c.check(true);
    await flush();
    expect(told.pop()).toBe("No updates: You're up to date: Atelier 0.1.0 is the newest version.");
    u.next = 'error';
    await c.check(true);
    await flush();
    expect(told.pop()).toBe("Update check failed: Atelier couldn't check for updates: HttpError: 404 Not Found");
    u.next = 'throw';
    await c.check(true);
    expect(told.pop()).toBe("Update check failed: Atelier couldn't check for updates: net::ERR_INTERNET_DISCONNECTED");
    u.next = 'available';
    await c.check(true);
    await flush();
    expect(told.pop()).toMatch(/^Update available: Atelier 0\.2\.0 is downloading\./);
    expect(c.state()).toEqual({ phase: 'downloading', version: '0.2.0' });
    await c.check(true);
    expect(told.pop()).toBe('Update in progress: Atelier 0.2.0 is already downloading.');
    expect(u.checks).toBe(5);
  });

  it('offers a restart when the download is ready; "Later" keeps it for quit, "Restart now" installs and relaunches', async () => {
    const u = new FakeUpdater();
    const { ui, asked } = fakeUi([false, true]);
    const c = createUpdateController({ updater: u, ui, currentVersion: '0.1.0', busy: async () => ({ uploads: 0, generations: 0 }) });
    u.emit('update-downloaded', { version: '0.2.0' });
    await flush();
    expect(asked[0]).toEqual({ title: 'Update ready', message: 'Atelier 0.2.0 is ready to install. Restart now, or it installs when you quit.', yes: 'Restart now', no: 'Later' });
    expect(u.installs).toEqual([]);
    expect(c.state()).toEqual({ phase: 'ready', version: '0.2.0' });
    await c.check(true); // the menu item offers the restart again
    expect(u.installs).toEqual([[true, true]]);
  });

  it('never installs over uploads or generations in flight without asking', async () => {
    const u = new FakeUpdater();
    let work: WorkInFlight = { uploads: 2, generations: 1 };
    const { ui, asked } = fakeUi([false, false, false, true]);
    const c = createUpdateController({ updater: u, ui, currentVersion: '0.1.0', busy: async () => work });
    u.emit('update-downloaded', { version: '0.2.0' });
    await flush();
    expect(asked[0]!.message).toBe(
      'Atelier 0.2.0 is ready to install. 2 uploads and 1 generation are in progress: restarting pauses them, and Atelier resumes them after the update. Otherwise the update installs when you quit.',
    );
    expect(u.installs).toEqual([]);

    // Quitting with work in flight: asked; "Quit without installing" quits, installs nothing.
    let quits = 0;
    expect(await c.beforeQuit(() => quits++)).toBe(false);
    expect(asked[1]).toMatchObject({ title: 'Install the update?', yes: 'Install and quit', no: 'Quit without installing' });
    expect(asked[1]!.message).toBe('Atelier 0.2.0 is ready to install, and 2 uploads and 1 generation are in progress. They continue the next time Atelier starts either way.');
    expect(quits).toBe(1);
    expect(u.installs).toEqual([]);

    // Next time it is ready and the person says yes: installed without relaunch (they were quitting).
    u.emit('update-downloaded', { version: '0.2.0' });
    await flush();
    work = { uploads: 1, generations: 0 };
    expect(await c.beforeQuit(() => quits++)).toBe(false);
    expect(asked.at(-1)!.message).toMatch(/1 upload is in progress\. It continues/);
    expect(u.installs).toEqual([[true, false]]);
    expect(quits).toBe(1);
  });

  it('installs quietly on quit when nothing is in flight; without an update, quitting is untouched', async () => {
    const u = new FakeUpdater();
    const { ui, asked } = fakeUi([false]);
    const c = createUpdateController({ updater: u, ui, currentVersion: '0.1.0', busy: async () => ({ uploads: 0, generations: 0 }) });
    expect(await c.beforeQuit(() => {})).toBe(true);
    u.emit('update-downloaded', { version: '0.2.0' });
    await flush();
    expect(await c.beforeQuit(() => {})).toBe(false);
    expect(u.installs).toEqual([[true, false]]);
    expect(asked).toHaveLength(1); // only the "Update ready" offer, no question on quit
  });
});
