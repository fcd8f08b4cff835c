// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { LibraryItem, Settings } from '../../../main/contract';
import { App } from '../../../renderer/App';
import { startApp } from '../../../renderer/state/wire';
import { requestRange, resetLibraryPaging, useLibrary } from '../../../renderer/state/library';
import { useUi } from '../../../renderer/state/ui';
import { useGenerate } from '../../../renderer/state/generate';
import { useStatus } from '../../../renderer/state/status';
import { fakeClient, flush, type FakeClient } from './fake-client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const settings: Settings = { uploadConcurrency: 3, cacheCapBytes: 2 * 1024 ** 3, notifications: true, theme: 'system', libraryView: 'grid', spendingCapUsd: null };

function item(i: number): LibraryItem {
  return {
    fileId: `f${i}`,
    displayName: `Sunset ${i}.png`,
    type: 'IMAGE',
    scope: 'GLOBAL',
    origin: 'uploaded',
    toolType: null,
    executionId: null,
    durationSeconds: null,
    width: 640,
    height: 480,
    bytes: 2048,
    createdAt: 1,
    updatedAt: 1,
    status: 'ready',
    hasThumbnail: true,
    pinned: false,
    archived: false,
    rating: 0,
    tags: [],
  };
}

function serve(c: FakeClient, total: number) {
  c.handle('app.info', () => ({ version: '0.1.0', host: 'web', mediaBase: '/media/', uploadEndpoint: '/upload', platform: 'linux', sqlite: { binding: 'node', path: '/x/better_sqlite3.node' }, logFile: null }));
  c.handle('app.status', () => ({
    online: true,
    sandbox: true,
    keysRejected: [],
    uploadsWaitUntil: null,
    queue: { uploads: 0, executions: 1, processing: 0 },
    rateBudget: [],
    library: { total, syncing: false, syncedAt: null, progress: null },
  }));
  c.handle('settings.get', () => settings);
  c.handle('settings.set', (p) => ({ ...settings, ...p }));
  c.handle('keys.storage', () => ({ kind: 'keychain', name: 'Secret Service (GNOME Keyring, KWallet)', problem: null, canUseEncryptedFile: false, locked: false, plainFileWaiting: false }));
  c.handle('keys.status', () => ({
    videogen: { present: true, last4: 'abcd', check: null, source: 'sandbox' },
    sync: { present: false, last4: null, check: null, source: null },
  }));
  c.handle('uploads.list', () => []);
  c.handle('executions.list', () => []);
  c.handle('projects.list', () => []);
  c.handle('library.query', ({ offset = 0, limit = 200 }) => ({
    items: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, k) => item(offset + k)),
    total,
    offset,
  }));
  c.handle('tools.run', () => ({ executionId: 'e1' }));
}

let root: Root;
let host: HTMLElement;

beforeAll(() => {
  // happy-dom lacks ResizeObserver layout; give the grid a size.
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
});

beforeEach(() => {
  resetLibraryPaging();
  useLibrary.setState({ firstLoaded: false, total: null, pages: {}, error: null, filter: {} });
  useUi.setState({ view: 'library', toasts: [], draft: null });
  useGenerate.setState({ toolId: 'generate-image', forms: {}, pending: {}, batch: false });
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
});

afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
});

async function boot(total: number): Promise<FakeClient> {
  const c = fakeClient();
  serve(c, total);
  await act(async () => {
    await startApp(c);
    requestRange(0, 0);
    root.render(<App />);
  });
  await act(async () => flush(10));
  return c;
}

describe('the app shell', () => {
  it('reports loading, then ready once the first library page is in', async () => {
    const c = fakeClient();
    serve(c, 0);
    let release!: () => void;
    c.handle('library.query', () => new Promise((r) => (release = () => r({ items: [], total: 0, offset: 0 }))));
    await act(async () => {
      await startApp(c);
      requestRange(0, 0);
      root.render(<App />);
    });
    expect(host.querySelector('[data-app-state]')?.getAttribute('data-app-state')).toBe('loading');
    await act(async () => {
      release();
      await flush();
    });
    expect(host.querySelector('[data-app-state]')?.getAttribute('data-app-state')).toBe('ready');
    expect(host.textContent).toContain('Drop files here or Add files…');
  });

  it('names the navigation, search box and Add files button as the tests expect', async () => {
    await boot(3);
    // Each link is named by the word it shows (no aria-label that could drift from it).
    expect([...host.querySelectorAll('nav a')].map((a) => [a.textContent?.trim(), a.getAttribute('aria-label')])).toEqual(
      ['Library', 'Generate', 'Projects', 'Actors & styles', 'Activity', 'Settings'].map((name) => [name, null]),
    );
    expect(host.querySelector('input[aria-label="Search library"]')).toBeTruthy();
    expect([...host.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Add files')).toBe(true);
    expect(host.querySelector('input[type="file"][multiple]')).toBeTruthy();
    expect(host.textContent).toContain('Sandbox');
    expect(host.textContent).toContain('1 generating');
  });

  it('renders grid items named by their display name and type, not all of them', async () => {
    await boot(5000);
    const options = host.querySelectorAll('[role="option"]');
    expect(options.length).toBeGreaterThan(0);
    expect(options.length).toBeLessThan(200);
    expect(options[0]!.getAttribute('aria-label')).toBe('Sunset 0.png, Image');
  });

  it('says Offline when connectivity drops', async () => {
    const c = await boot(1);
    await act(async () => c.emit('connectivity.changed', { online: false }));
    expect(host.querySelector('.statusbar')?.textContent).toContain('Offline');
    expect(useStatus.getState().online).toBe(false);
  });

  it('Ctrl/Cmd+1..4 switch views', async () => {
    await boot(1);
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: '3', ctrlKey: true, metaKey: true }));
    });
    expect(useUi.getState().view).toBe('activity');
  });
});

describe('the generate form', () => {
  it('blocks out-of-range values with a clear message and sends nothing', async () => {
    const c = await boot(1);
    await act(async () => useGenerate.setState({ toolId: 'generate-video-clip' }));
    await act(async () => useUi.setState({ view: 'generate' }));
    const duration = [...host.querySelectorAll('label')].find((l) => l.textContent?.startsWith('Duration'))!;
    const input = host.querySelector<HTMLInputElement>(`#${CSS.escape(duration.htmlFor)}`)!;
    await act(async () => {
      useGenerate.setState((s) => ({ forms: { ...s.forms, 'generate-video-clip': { ...(s.forms['generate-video-clip'] ?? {}), durationSeconds: '16', prompt: 'x', quality: 'STANDARD', aspectRatio: { preset: '16:9', width: '16', height: '9' }, numResults: '1' } } }));
    });
    expect(input.value).toBe('16');
    const submit = [...host.querySelectorAll('button[type="submit"]')].find((b) => b.textContent?.includes('Generate'))!;
    await act(async () => (submit as HTMLButtonElement).click());
    await act(async () => flush());
    expect(host.textContent).toContain('Duration (s) must be between 1 and 15.');
    expect(c.callsOf('tools.run')).toHaveLength(0);
  });

  it('Ctrl/Cmd+Enter in the prompt submits a valid form with the exact params', async () => {
    const c = await boot(1);
    await act(async () => useUi.setState({ view: 'generate' }));
    const prompt = [...host.querySelectorAll('textarea')].find((t) => {
      const id = t.id;
      return host.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent === 'Prompt';
    })!;
    expect(prompt).toBeTruthy();
    await act(async () => {
      useGenerate.setState((s) => ({ forms: { ...s.forms, 'generate-image': { ...useGenerateDefaults(), prompt: 'a red fox' } } }));
    });
    await act(async () => {
      prompt.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, metaKey: true, bubbles: true }));
    });
    await act(async () => flush());
    expect(c.callsOf('tools.run')).toEqual([
      {
        tool: 'generate-image',
        params: {
          prompt: 'a red fox',
          quality: 'STANDARD',
          aspectRatio: { width: 16, height: 9 },
          numResults: 1,
          watermarkMode: 'AUTO',
          isOutputTemporary: false,
        },
      },
    ]);
  });

  it('Reuse opens the tool pre-filled from the stored request', async () => {
    await boot(1);
    const { openGenerate } = await import('../../../renderer/state/ui');
    await act(async () => openGenerate('generate-image', { prompt: 'reused prompt', quality: 'HIGH', aspectRatio: { width: 1, height: 1 }, numResults: 2 }));
    await act(async () => flush());
    expect(useUi.getState().view).toBe('generate');
    const ta = host.querySelector('textarea') as HTMLTextAreaElement;
    expect(ta.value).toBe('reused prompt');
    const quality = [...host.querySelectorAll('select')].find((s) => [...s.options].some((o) => o.value === 'LOW'))!;
    expect(quality.value).toBe('HIGH');
    expect(host.querySelector('[role="radio"][aria-checked="true"]')?.textContent).toContain('1:1');
  });
});

function useGenerateDefaults() {
  return { quality: 'STANDARD', aspectRatio: { preset: '16:9' as const, width: '16', height: '9' }, imageFileIds: [], numResults: '1', watermarkMode: 'AUTO', isOutputTemporary: false };
}
