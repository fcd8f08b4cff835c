/** The Electron window's security options and navigation rules (fake 'electron'). */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../../helpers/fake-electron/index')).electronModule());

import { FakeBrowserWindow, FakeWebContents, fake, fakeEvent } from '../../helpers/fake-electron/index';
import { createMainWindow, hardenWebContents, secureWebPreferences } from '../../../main/electron/window';
import { safeExternalUrl } from '../../../main/electron/external-links';
import { isAppOrigin, isAppUrl } from '../../../main/electron/app-origin';
import type { WebContents } from 'electron';

beforeEach(() => fake.reset());

const harden = (wc: FakeWebContents, dev: string | null = null) => hardenWebContents(wc as unknown as WebContents, dev);

describe('BrowserWindow security options', () => {
  it('isolates, sandboxes and keeps Node out of the page', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('creates the window with those options, hidden until ready, at the remembered bounds', () => {
    const win = createMainWindow({ preloadPath: '/p.cjs', state: { x: 5, y: 6, width: 900, height: 700, maximized: true } });
    const created = FakeBrowserWindow.instances[0]!;
    expect(win).toBe(created);
    expect(created.options).toMatchObject({ x: 5, y: 6, width: 900, height: 700, show: false });
    expect(created.options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(created.maximized).toBe(true);
    created.emit('ready-to-show');
    expect(created.shown).toBe(true);
  });
});

describe('navigation', () => {
  it('cancels every navigation; http(s) targets open in the browser instead', () => {
    const wc = new FakeWebContents();
    harden(wc);
    const cases: Array<[string, string | null]> = [
      ['https://docs.videogen.io/guide', 'https://docs.videogen.io/guide'],
      ['http://example.com/', 'http://example.com/'],
      ['file:///etc/passwd', null],
      ['javascript:alert(1)', null],
      ['atelier://app/index.html', null],
      ['https://user:pass@example.com/', null],
      ['smb://server/share', null],
    ];
    for (const [url, opened] of cases) {
      fake.opened = [];
      const e = fakeEvent({ url, isMainFrame: true });
      wc.emit('will-navigate', e, url);
      expect(e.defaultPrevented, url).toBe(true);
      expect(fake.opened, url).toEqual(opened ? [opened] : []);
    }
  });

  it('cancels redirects, sub-frame navigations and <webview>', () => {
    const wc = new FakeWebContents();
    harden(wc);
    const redirect = fakeEvent({ url: 'https://evil.example' });
    wc.emit('will-redirect', redirect, 'https://evil.example');
    expect(redirect.defaultPrevented).toBe(true);
    const sub = fakeEvent({ url: 'https://evil.example', isMainFrame: false });
    wc.emit('will-frame-navigate', sub);
    expect(sub.defaultPrevented).toBe(true);
    const webview = fakeEvent();
    wc.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
    expect(fake.opened).toEqual([]);
  });

  it('denies window.open; http(s) links go to the browser', () => {
    const wc = new FakeWebContents();
    harden(wc);
    expect(wc.windowOpenHandler!({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'atelier://app/index.html' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'file:///tmp/x.html' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://example.com/x']);
  });
});

describe('origins and links', () => {
  it('knows the app origin (and the dev server only when given)', () => {
    expect(isAppUrl('atelier://app/index.html')).toBe(true);
    expect(isAppUrl('atelier://other/index.html')).toBe(false);
    expect(isAppUrl('atelier://user:pw@app/x')).toBe(false);
    expect(isAppUrl('https://app/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppOrigin('atelier://app')).toBe(true);
    expect(isAppOrigin('https://evil.example')).toBe(false);
    expect(isAppOrigin('')).toBe(false);
  });

  it('only lets plain http(s) links out', () => {
    expect(safeExternalUrl('https://sync.so/docs')).toBe('https://sync.so/docs');
    for (const bad of ['ftp://x', 'mailto:a@b', 'file:///x', 'javascript:1', 'https://a:b@x', '', 'not a url', `https://x/${'a'.repeat(5000)}`]) {
      expect(safeExternalUrl(bad), bad).toBeNull();
    }
  });
});
