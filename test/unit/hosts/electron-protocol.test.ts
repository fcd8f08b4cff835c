/** The app protocol: renderer files and media, traversal refused, Range requests honoured. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../../helpers/fake-electron/index')).electronModule());

import { fake } from '../../helpers/fake-electron/index';
import { createAppProtocolHandler, installAppProtocol, registerAppScheme, type ProtocolHandler } from '../../../main/electron/protocol';
import { buildCsp } from '../../../main/host/csp';
import { createTestCore, patternBytes, type TestCore } from '../../integration/hosts/support/test-core';
import type { Session } from 'electron';

let handler: ProtocolHandler;
let core: TestCore;
let rendererDir: string;
const pageCsp = buildCsp({ mediaOrigins: ['https://*.videogen.io'] });
const video = patternBytes(50_000);

beforeAll(async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'atelier-proto-'));
  rendererDir = path.join(base, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Atelier</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
  core = await createTestCore();
  core.addMedia('vg_file_1', 'preview', video, 'video/mp4');
  handler = createAppProtocolHandler({ rendererDir, media: (id, k) => core.media(id, k), pageCsp, log: () => {} });
});
beforeEach(() => fake.reset());

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => handler(new Request(url, { headers, method }));

describe('registration', () => {
  it('registers atelier: as standard, secure, fetch-capable and streaming, then handles it', () => {
    registerAppScheme();
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'atelier', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true, stream: true }) },
    ]);
    expect(fake.protocol.privileged[0]!.privileges).not.toHaveProperty('bypassCSP');
    installAppProtocol(fake.defaultSession as unknown as Session, handler);
    expect(fake.defaultSession.protocol.handlers.get('atelier')).toBe(handler);
  });
});

describe('renderer files', () => {
  it('serves index.html with the CSP header', async () => {
    const r = await get('atelier://app/index.html');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.headers.get('content-security-policy')).toBe(pageCsp);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toContain('Atelier');
  });

  it('serves assets under a sandboxing CSP', async () => {
    const r = await get('atelier://app/assets/app.js');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/javascript/);
    expect(r.headers.get('content-security-policy')).toMatch(/sandbox/);
  });

  it('refuses path traversal in every spelling, and never serves a file outside the renderer', async () => {
    for (const url of [
      'atelier://app/..%2fsecret.txt',
      'atelier://app/%2e%2e/secret.txt',
      'atelier://app/%2e%2e%2fsecret.txt',
      'atelier://app/assets/..%2f..%2fsecret.txt',
      'atelier://app/..%5csecret.txt',
      'atelier://app/assets%00/app.js',
      'atelier://app/%E0%A4%A',
    ]) {
      const r = await get(url);
      expect(r.status, url).toBe(404);
      expect(await r.text(), url).not.toContain('TOP SECRET');
    }
    // Plain ../ is collapsed by URL parsing before it reaches us: still inside the renderer.
    const collapsed = await get('atelier://app/../../secret.txt');
    expect(await collapsed.text()).not.toContain('TOP SECRET');
  });

  it('refuses other hosts and methods', async () => {
    expect((await get('atelier://elsewhere/index.html')).status).toBe(404);
    expect((await get('atelier://app/index.html', {}, 'POST')).status).toBe(405);
  });
});

describe('media with Range', () => {
  it('serves the whole file with Accept-Ranges', async () => {
    const r = await get('atelier://app/media/vg_file_1/preview');
    expect(r.status).toBe(200);
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('content-length')).toBe('50000');
    expect(Buffer.from(await r.arrayBuffer()).equals(video)).toBe(true);
  });

  it('answers a range with 206 and exactly those bytes', async () => {
    const r = await get('atelier://app/media/vg_file_1/preview', { range: 'bytes=1000-1999' });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('bytes 1000-1999/50000');
    expect(Buffer.from(await r.arrayBuffer()).equals(video.subarray(1000, 2000))).toBe(true);
    const tail = await get('atelier://app/media/vg_file_1/preview', { range: 'bytes=-100' });
    expect(Buffer.from(await tail.arrayBuffer()).equals(video.subarray(49_900))).toBe(true);
  });

  it('answers 416 past the end and 404 for unknown media', async () => {
    const r = await get('atelier://app/media/vg_file_1/preview', { range: 'bytes=60000-' });
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe('bytes */50000');
    expect((await get('atelier://app/media/none/preview')).status).toBe(404);
    expect((await get('atelier://app/media/vg_file_1/other')).status).toBe(404);
  });
});
