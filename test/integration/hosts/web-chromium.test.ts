/**
 * The web host in a real browser (Debian Chromium through playwright-core): the token leaves
 * the address bar and becomes an HttpOnly cookie; the CSP holds (no inline script, no eval,
 * no foreign images); another site can neither frame the app, open its socket nor use its
 * routes; a rebound hostname is refused; a popup to another origin gets no handle on the app.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../main/web/index';
import { writeRendererFixture } from './support/renderer-fixture';
import { createTestCore, patternBytes } from './support/test-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let host: WebHost;
let evil: http.Server;
let evilPort: number;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  const core = await createTestCore();
  core.addMedia('vg_file_1', 'thumb', patternBytes(64), 'image/png');
  const rendererDir = writeRendererFixture(await mkdtemp(path.join(os.tmpdir(), 'atelier-renderer-')));
  host = await startWebHost({ core, rendererDir, log: () => {} });

  // "Another site" on another port: it tries to reach the app from the outside.
  evil = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>evil</title><body>evil page ${req.url}</body>`);
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  evilPort = (evil.address() as AddressInfo).port;

  profile = await mkdtemp(path.join(os.tmpdir(), 'atelier-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...ARGS, '--host-resolver-rules=MAP rebind.test 127.0.0.1, MAP evil.test 127.0.0.1'],
    headless: true,
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await host?.close();
  evil?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('web host in Chromium', () => {
  it('swaps the token for an HttpOnly cookie, cleans the URL and enforces the CSP', async () => {
    const page = await context.newPage();
    const response = await page.goto(host.url);
    expect(response?.status()).toBe(200);
    await page.waitForFunction(() => (window as unknown as { appLoaded?: boolean }).appLoaded === true);
    expect(page.url()).toBe(`${host.origin}/`);
    const state = await page.evaluate(() => {
      const w = window as unknown as { inlineRan?: boolean; evalRan?: boolean; violations: string[] };
      return { inlineRan: w.inlineRan ?? false, evalRan: w.evalRan, cookie: document.cookie, violations: w.violations };
    });
    expect(state.inlineRan).toBe(false);
    expect(state.evalRan).toBe(false);
    expect(state.cookie).toBe(''); // HttpOnly: the page's scripts never see the token
    const cookies = await context.cookies(host.origin);
    expect(cookies).toEqual([
      expect.objectContaining({ name: `atelier_token_${host.port}`, httpOnly: true, sameSite: 'Strict', value: host.token }),
    ]);
    await page.close();
  });

  it('lets the page talk to the socket with its cookie, and load media', async () => {
    const page = await context.newPage();
    await page.goto(`${host.origin}/`);
    const result = await page.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const ws = new WebSocket(`ws://${location.host}/ws`);
          ws.onopen = () => ws.send(JSON.stringify({ t: 'invoke', id: 1, cmd: 'app.info', input: {} }));
          ws.onmessage = (e) => {
            resolve(JSON.parse(String(e.data)));
            ws.close();
          };
          ws.onerror = () => reject(new Error('socket error'));
        }),
    );
    expect(result).toMatchObject({ t: 'result', id: 1, ok: true, value: { host: 'web' } });
    const thumb = await page.evaluate(async () => (await fetch('/media/vg_file_1/thumb')).status);
    expect(thumb).toBe(200);
    const blocked = await page.evaluate(async () => {
      try {
        await fetch('http://evil.test:1/');
        return 'fetched';
      } catch {
        return 'blocked';
      }
    });
    expect(blocked).toBe('blocked'); // connect-src
    await page.close();
  });

  it('refuses a rebound hostname (DNS rebinding) even with the token', async () => {
    const page = await context.newPage();
    const response = await page.goto(`http://rebind.test:${host.port}/?token=${host.token}`);
    expect(response?.status()).toBe(403);
    expect(await page.content()).not.toContain('fixture');
    await page.close();
  });

  it('gives another site nothing: no framing, no socket, no routes', async () => {
    const page = await context.newPage();
    await page.goto(`http://evil.test:${evilPort}/`);
    const outcome = await page.evaluate(
      async ({ port }) => {
        const target = `http://127.0.0.1:${port}`;
        // 1. frame the app
        const frame = document.createElement('iframe');
        frame.src = `${target}/`;
        document.body.append(frame);
        await new Promise((r) => setTimeout(r, 500));
        let framedReadable: boolean;
        try {
          framedReadable = !!frame.contentDocument?.body?.textContent?.includes('fixture');
        } catch {
          framedReadable = false;
        }
        // 2. open the socket
        const socket = await new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        });
        // 3. use a route (an <img> sends no Origin; the SameSite=Strict cookie is not sent)
        const img = await new Promise<string>((resolve) => {
          const el = new Image();
          el.onload = () => resolve('loaded');
          el.onerror = () => resolve('failed');
          el.src = `${target}/media/vg_file_1/thumb`;
        });
        // 4. a no-cors POST to the upload route
        await fetch(`${target}/upload?name=evil.txt`, { method: 'POST', body: 'x', mode: 'no-cors', credentials: 'include' }).catch(() => {});
        return { framedReadable, socket, img };
      },
      { port: host.port },
    );
    expect(outcome).toEqual({ framedReadable: false, socket: 'refused', img: 'failed' });
    expect((host.core as unknown as { accepted: unknown[] }).accepted).toHaveLength(0);
    // Playwright sees inside cross-origin frames: the framed app must not have rendered.
    const children = page.frames().filter((f) => f !== page.mainFrame());
    expect(children).toHaveLength(1);
    const framed = await children[0]!.content().catch(() => '');
    expect(framed).not.toContain('fixture');
    await page.close();
  });

  it('contains window.open to another origin: the popup gets no handle on the app', async () => {
    const page = await context.newPage();
    await page.goto(`${host.origin}/`);
    const popupPromise = context.waitForEvent('page');
    await page.evaluate((url) => {
      (window as unknown as { popup: Window | null }).popup = window.open(url);
    }, `http://evil.test:${evilPort}/popup`);
    const popup = await popupPromise;
    await popup.waitForLoadState();
    // Cross-Origin-Opener-Policy: same-origin severs the link both ways.
    expect(await popup.evaluate(() => window.opener === null)).toBe(true);
    const handle = await page.evaluate(() => {
      const w = (window as unknown as { popup: Window | null }).popup;
      return w === null ? 'none' : w.closed ? 'closed' : 'live';
    });
    expect(handle).not.toBe('live');
    await popup.close();
    await page.close();
  });
});
