/** The web host's plain pieces: flags, ranges, CSP, data folder, key stores, names. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/kernel/errors';
import { parseHostArgs } from '../../../main/host/args';
import { buildCsp, isCspSource, mediaOriginsFor } from '../../../main/host/csp';
import { defaultDataDir, sandboxDataDir } from '../../../main/host/data-dir';
import { parseRange } from '../../../main/host/http-range';
import { createMemorySecretStore, keysFromEnv, layerSecrets } from '../../../main/host/layered-secrets';
import { parseMediaPath } from '../../../main/host/media-path';
import { resolveInside } from '../../../main/host/static-paths';
import { safeFileName } from '../../../main/web/upload-route';
import { findElectronBinary } from '../../../main/host/electron-binary';

describe('flags and environment', () => {
  it('reads flags, --flag=value and env fallbacks', () => {
    const r = parseHostArgs(['--port', '5174', '--data-dir=/d', '--sandbox', '--videogen-url', 'http://127.0.0.1:9'], {
      ATELIER_SYNC_URL: 'https://api.sync.so',
      ATELIER_MEDIA_ORIGINS: 'https://cdn.example.com, https://*.media.example',
    });
    expect(r).toEqual({
      ok: true,
      settings: {
        port: 5174,
        dataDir: '/d',
        sandbox: true,
        videogenUrl: 'http://127.0.0.1:9',
        syncUrl: 'https://api.sync.so',
        mediaOrigins: ['https://cdn.example.com', 'https://*.media.example'],
        help: false,
      },
    });
    expect(parseHostArgs([], { ATELIER_DATA_DIR: '/env', ATELIER_SANDBOX: '1' })).toMatchObject({ ok: true, settings: { dataDir: '/env', sandbox: true, port: 0 } });
  });

  it('explains bad flags', () => {
    expect(parseHostArgs(['--port', 'abc'], {})).toMatchObject({ ok: false, message: expect.stringMatching(/--port must be a whole number/) });
    expect(parseHostArgs(['--port'], {})).toMatchObject({ ok: false, message: expect.stringMatching(/--port needs a value/) });
    expect(parseHostArgs(['--nope'], {})).toMatchObject({ ok: false, message: expect.stringMatching(/Unknown option "--nope"/) });
    expect(parseHostArgs(['--sync-url', 'ftp://x'], {})).toMatchObject({ ok: false, message: expect.stringMatching(/http\(s\) URL/) });
    expect(parseHostArgs(['.', '--inspect', '--sandbox'], {}, { ignoreUnknown: true })).toMatchObject({ ok: true, settings: { sandbox: true } });
  });
});

describe('Range parsing', () => {
  it.each([
    [undefined, 100, { kind: 'full' }],
    ['bytes=0-9', 100, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=90-', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-10', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-1000', 100, { kind: 'partial', start: 0, end: 99 }],
    ['bytes=50-5000', 100, { kind: 'partial', start: 50, end: 99 }],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=-0', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=9-3', 100, { kind: 'full' }],
    ['bytes=0-1,5-6', 100, { kind: 'full' }],
    ['items=0-1', 100, { kind: 'full' }],
    ['bytes=abc', 100, { kind: 'full' }],
    ['bytes=99999999999999999999-', 100, { kind: 'unsatisfiable' }],
  ] as const)('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('CSP', () => {
  it('is strict and only lets real origins in', () => {
    const csp = buildCsp({ connect: ['ws://127.0.0.1:5000'], mediaOrigins: ['https://*.videogen.io', "https://x.com; script-src 'unsafe-inline'", 'javascript:alert(1)'] });
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:5000 https://*.videogen.io blob:");
    expect(csp).toContain("media-src 'self' blob: https://*.videogen.io;");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('javascript:');
    expect(isCspSource('https://a.b:443')).toBe(true);
    expect(isCspSource("https://a.b 'unsafe-eval'")).toBe(false);
  });

  it('derives media origins from the VideoGen base URL', () => {
    expect(mediaOriginsFor(undefined)).toEqual(['https://api.videogen.io', 'https://*.videogen.io']);
    expect(mediaOriginsFor('http://127.0.0.1:4010')).toEqual(['http://127.0.0.1:4010']);
    expect(mediaOriginsFor('http://127.0.0.1:4010/', ['https://cdn.example'])).toEqual(['http://127.0.0.1:4010', 'https://cdn.example']);
  });
});

describe('data folder', () => {
  it('matches Electron userData for productName Atelier on each OS', () => {
    expect(defaultDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/Atelier');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/a')).toBe('/x/Atelier');
    expect(defaultDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/Atelier');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toMatch(/Roaming[\\/]Atelier$/);
    expect(defaultDataDir({ ATELIER_DATA_DIR: '/custom' }, 'linux', '/home/a')).toBe('/custom');
    expect(sandboxDataDir('/d')).toBe('/d/sandbox-profile');
  });
});

describe('key layering', () => {
  it('layers environment keys over the store and refuses to overwrite them', async () => {
    const env = keysFromEnv({ ATELIER_VIDEOGEN_KEY: ' vg_from_env_123 ', ATELIER_SYNC_KEY: '' });
    expect(env.keys).toEqual({ videogen: 'vg_from_env_123' });
    const fallback = createMemorySecretStore({ sync: 'sk_saved_12345' });
    const store = layerSecrets(env, fallback);
    expect(store.kind).toBe('env');
    expect(await store.get('videogen')).toBe('vg_from_env_123');
    expect(await store.get('sync')).toBe('sk_saved_12345');
    const err = await store.set('videogen', 'other-key-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/ATELIER_VIDEOGEN_KEY/);
    await store.set('sync', 'sk_new_123456');
    expect(await fallback.get('sync')).toBe('sk_new_123456');
    expect(layerSecrets(keysFromEnv({}), fallback).kind).toBe('memory');
  });
});

describe('names and paths', () => {
  it('keeps upload names to a safe base name', () => {
    expect(safeFileName('a/b/../c.mp4')).toBe('c.mp4');
    expect(safeFileName('..\\..\\win.png')).toBe('win.png');
    expect(safeFileName('..')).toBeNull();
    expect(safeFileName('   ')).toBeNull();
    expect(safeFileName('a\u0000b:c?.txt')).toBe('a_b_c_.txt');
    expect(safeFileName('x'.repeat(500))!.length).toBe(200);
  });

  it('parses media paths strictly', () => {
    expect(parseMediaPath('/media/vg_file_1/thumb')).toEqual({ fileId: 'vg_file_1', kind: 'thumb' });
    expect(parseMediaPath('/media/a%20b/preview')).toEqual({ fileId: 'a b', kind: 'preview' });
    for (const bad of ['/media/x/nope', '/media/%2F/thumb', '/media/%E0%A4%A/thumb', '/media//thumb', `/media/${'a'.repeat(201)}/thumb`, '/media/a%00/thumb']) {
      expect(parseMediaPath(bad), bad).toBeNull();
    }
  });

  it('resolves static paths inside the root only', () => {
    expect(resolveInside('/r', '/assets/a.js')).toBe('/r/assets/a.js');
    expect(resolveInside('/r', '/')).toBe('/r');
    for (const bad of ['/..%2fx', '/a/%2e%2e/%2e%2e/x', '/a%5cb', '/%00', '/%E0%A4%A']) expect(resolveInside('/r', bad), bad).toBeNull();
  });
});

describe('electron binary detection', () => {
  it('reports why there is no binary without loading the electron package', () => {
    const r = findElectronBinary({});
    if (!r.ok) expect(r.reason).toMatch(/binary|not installed/);
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' })).toMatchObject({ ok: false, reason: expect.stringMatching(/ELECTRON_OVERRIDE_DIST_PATH/) });
  });
});
