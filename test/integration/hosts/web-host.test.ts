/**
 * The web host over real sockets: token → cookie, Host/Origin checks, CSP and hardening
 * headers, media with Range, uploads streamed to the incoming folder, the contract over the
 * WebSocket (cookie or first-message auth), and that no key reaches the browser.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../main/web/index';
import { login, request } from './support/http';
import { writeRendererFixture } from './support/renderer-fixture';
import { createTestCore, patternBytes, type TestCore } from './support/test-core';

const SECRET = 'vg_live_THIS_MUST_NEVER_REACH_THE_BROWSER_1234';

let host: WebHost;
let core: TestCore;
let cookie: string;
let startMs: number;
const logs: string[] = [];

beforeAll(async () => {
  core = await createTestCore();
  core.keys.videogen = SECRET;
  const rendererDir = writeRendererFixture(await mkdtemp(path.join(os.tmpdir(), 'atelier-renderer-')));
  const t0 = performance.now();
  host = await startWebHost({
    core,
    rendererDir,
    mediaOrigins: ['http://127.0.0.1:9', 'https://*.videogen.io'],
    maxUploadBytes: 1024 * 1024,
    authTimeoutMs: 300,
    log: (l) => logs.push(l),
  });
  startMs = performance.now() - t0;
  cookie = await login(host.port, host.token);
});
afterAll(async () => {
  await host?.close();
});

function wsConnect(headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>));
    ws.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)));
  });
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('start', () => {
  it('binds 127.0.0.1 on a random port, with a fresh 256-bit token in the URL', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(host.port).toBeGreaterThan(0);
    const other = await startWebHost({ core: await createTestCore(), log: () => {} });
    expect(other.token).not.toBe(host.token);
    expect(other.port).not.toBe(host.port);
    await other.close();
    await expect(startWebHost({ core: await createTestCore(), port: host.port, log: () => {} })).rejects.toThrow(
      new RegExp(`port ${host.port} on 127\\.0\\.0\\.1 is already in use`),
    );
    console.log(`web host start (in-process, test core): ${startMs.toFixed(1)} ms`);
  });
});

describe('token and cookie', () => {
  it('refuses the page without the token, and with a wrong one', async () => {
    expect((await request(host.port, '/')).status).toBe(403);
    expect((await request(host.port, '/?token=wrong')).status).toBe(403);
    expect((await request(host.port, `/?token=${host.token}x`)).status).toBe(403);
    expect((await request(host.port, '/', { headers: { cookie: `atelier_token_${host.port}=nope` } })).status).toBe(403);
  });

  it('swaps the token for an HttpOnly SameSite=Strict cookie and cleans the URL', async () => {
    const r = await request(host.port, `/?token=${host.token}`);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/');
    const set = r.headers['set-cookie']?.[0] ?? '';
    expect(set).toMatch(new RegExp(`^atelier_token_${host.port}=`));
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
  });

  it('never redirects off-site, whatever the path looks like', async () => {
    const r = await request(host.port, `//evil.example/?token=${host.token}`);
    expect(r.headers.location ?? '').toMatch(/^\/(?!\/)/);
  });

  it('serves the page with the cookie, with CSP and hardening headers', async () => {
    const r = await request(host.port, '/', { headers: { cookie } });
    expect(r.status).toBe(200);
    const csp = String(r.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${host.port}`,
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "img-src 'self' data: blob:",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toMatch(/media-src 'self' blob: http:\/\/127\.0\.0\.1:9 https:\/\/\*\.videogen\.io/);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('accepts the token as a bearer header (tools, tests)', async () => {
    const r = await request(host.port, '/', { headers: { authorization: `Bearer ${host.token}` } });
    expect(r.status).toBe(200);
  });
});

describe('Host and Origin (DNS rebinding, cross-site)', () => {
  it('refuses a foreign Host even with the right token and cookie', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `[::1]:${host.port}`]) {
      const r = await request(host.port, `/?token=${host.token}`, { headers: { host: h, cookie } });
      expect(r.status, h).toBe(403);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
  });

  it('accepts localhost:<port> as well as 127.0.0.1:<port>', async () => {
    const r = await request(host.port, '/', { headers: { host: `localhost:${host.port}`, cookie } });
    expect(r.status).toBe(200);
  });

  it('refuses a foreign Origin on every route', async () => {
    for (const [method, p] of [
      ['GET', '/'],
      ['GET', '/media/f1/thumb'],
      ['POST', '/upload?name=a.txt'],
    ] as const) {
      const r = await request(host.port, p, { method, headers: { cookie, origin: 'http://evil.example' }, body: method === 'POST' ? 'x' : undefined });
      expect(r.status, p).toBe(403);
    }
    expect(core.accepted).toHaveLength(0);
    const nullOrigin = await request(host.port, '/', { headers: { cookie, origin: 'null' } });
    expect(nullOrigin.status).toBe(403);
  });
});

describe('static files', () => {
  it('refuses path traversal', async () => {
    for (const p of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets%5c..%5c..%5cpackage.json', '/a%00b.js']) {
      const r = await request(host.port, p, { headers: { cookie } });
      expect(r.status, p).toBe(404);
    }
  });

  it('serves non-page files under a sandboxing CSP (an SVG cannot run script)', async () => {
    const r = await request(host.port, '/assets/logo.svg', { headers: { cookie } });
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
  });

  it('says what to do when the renderer has not been built', async () => {
    const bare = await startWebHost({ core: await createTestCore(), rendererDir: path.join(os.tmpdir(), 'no-such-renderer'), log: () => {} });
    const c = await login(bare.port, bare.token);
    const r = await request(bare.port, '/', { headers: { cookie: c } });
    expect(r.status).toBe(503);
    expect(r.text).toMatch(/npm run build/);
    await bare.close();
  });
});

describe('media route', () => {
  const bytes = patternBytes(10_000);
  beforeAll(() => {
    core.addMedia('vg_file_1', 'preview', bytes, 'video/mp4');
  });

  it('needs the token', async () => {
    expect((await request(host.port, '/media/vg_file_1/preview')).status).toBe(403);
  });

  it('serves the whole file with Accept-Ranges', async () => {
    const r = await request(host.port, '/media/vg_file_1/preview', { headers: { cookie } });
    expect(r.status).toBe(200);
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers['content-type']).toBe('video/mp4');
    expect(r.headers['content-length']).toBe('10000');
    expect(r.body.equals(bytes)).toBe(true);
  });

  it('serves ranges: 206 with Content-Range, suffix and open ranges', async () => {
    const a = await request(host.port, '/media/vg_file_1/preview', { headers: { cookie, range: 'bytes=100-199' } });
    expect(a.status).toBe(206);
    expect(a.headers['content-range']).toBe('bytes 100-199/10000');
    expect(a.body.equals(bytes.subarray(100, 200))).toBe(true);

    const b = await request(host.port, '/media/vg_file_1/preview', { headers: { cookie, range: 'bytes=-500' } });
    expect(b.status).toBe(206);
    expect(b.body.equals(bytes.subarray(9500))).toBe(true);

    const c = await request(host.port, '/media/vg_file_1/preview', { headers: { cookie, range: 'bytes=9990-' } });
    expect(c.headers['content-range']).toBe('bytes 9990-9999/10000');
    expect(c.body.length).toBe(10);
  });

  it('answers 416 past the end, and HEAD without a body', async () => {
    const r = await request(host.port, '/media/vg_file_1/preview', { headers: { cookie, range: 'bytes=20000-' } });
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe('bytes */10000');
    const h = await request(host.port, '/media/vg_file_1/preview', { method: 'HEAD', headers: { cookie } });
    expect(h.status).toBe(200);
    expect(h.body.length).toBe(0);
  });

  it('404s unknown media, bad kinds and traversal-looking ids', async () => {
    for (const p of ['/media/nope/thumb', '/media/vg_file_1/secret', '/media/..%2f..%2fetc/thumb', '/media/a/b/thumb']) {
      expect((await request(host.port, p, { headers: { cookie } })).status, p).toBe(404);
    }
  });
});

describe('upload route', () => {
  it('streams the body into incomingDir and hands it to acceptIncomingFile', async () => {
    const body = patternBytes(300_000);
    const r = await request(host.port, `/upload?name=${encodeURIComponent('holiday clip.mp4')}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/octet-stream', origin: `http://127.0.0.1:${host.port}` },
      body,
    });
    expect(r.status, r.text).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ uploadId: 'up_1' });
    const got = core.accepted.at(-1)!;
    expect(got.originalName).toBe('holiday clip.mp4');
    expect(path.dirname(got.tempPath)).toBe(core.incomingDir);
    expect(readFileSync(got.tempPath).equals(body)).toBe(true);
  });

  it('keeps names to a base name', async () => {
    const r = await request(host.port, `/upload?name=${encodeURIComponent('../../evil/../x.png')}`, { method: 'POST', headers: { cookie }, body: 'abc' });
    expect(r.status).toBe(200);
    const got = core.accepted.at(-1)!;
    expect(got.originalName).toBe('x.png');
    expect(path.dirname(got.tempPath)).toBe(core.incomingDir);
  });

  it('refuses bodies over the cap and leaves nothing behind', async () => {
    const before = readdirSync(core.incomingDir).length;
    const n = core.accepted.length;
    const r = await request(host.port, '/upload?name=big.bin', { method: 'POST', headers: { cookie }, body: Buffer.alloc(2 * 1024 * 1024) });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).error.code).toBe('too_large');
    expect(readdirSync(core.incomingDir).length).toBe(before);
    expect(core.accepted.length).toBe(n);
  });

  it('closes the connection after an early 413 instead of reading a huge body', async () => {
    const { connect } = await import('node:net');
    const socket = connect(host.port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const declared = 20 * 1024 ** 3;
    socket.write(
      `POST /upload?name=huge.mov HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nCookie: ${cookie}\r\nContent-Length: ${declared}\r\n\r\n`,
    );
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const chunk = Buffer.alloc(64 * 1024, 1);
    let sent = 0;
    const started = Date.now();
    const ended = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
    socket.on('error', () => undefined);
    // Keep sending as fast as the socket takes it, as a browser sending a 20 GB file would.
    const pump = () => {
      while (!socket.destroyed && Date.now() - started < 5_000 && socket.write(chunk)) sent += chunk.length;
      if (!socket.destroyed && Date.now() - started < 5_000) socket.once('drain', pump);
    };
    pump();
    const ms = await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(ms).toBeLessThan(2_000);
    expect(sent).toBeLessThan(512 * 1024 * 1024);
  });

  it('needs a name, POST and the token', async () => {
    expect((await request(host.port, '/upload', { method: 'POST', headers: { cookie }, body: 'x' })).status).toBe(400);
    expect((await request(host.port, '/upload?name=a', { headers: { cookie } })).status).toBe(405);
    expect((await request(host.port, '/upload?name=a', { method: 'POST', body: 'x' })).status).toBe(403);
  });
});

describe('WebSocket', () => {
  it('works at once with the cookie, and pushes events', async () => {
    const ws = await wsConnect({ cookie, origin: `http://127.0.0.1:${host.port}` });
    ws.send(JSON.stringify({ t: 'invoke', id: 1, cmd: 'app.info', input: {} }));
    const r = await nextMessage(ws);
    expect(r).toMatchObject({ t: 'result', id: 1, ok: true, value: { host: 'web', mediaBase: '/media/' } });
    const ev = nextMessage(ws);
    core.events.emit('connectivity.changed', { online: false });
    expect(await ev).toEqual({ t: 'event', name: 'connectivity.changed', payload: { online: false } });
    ws.close();
  });

  it('accepts a first-message auth frame instead of the cookie', async () => {
    const ws = await wsConnect();
    ws.send(JSON.stringify({ t: 'auth', token: host.token }));
    expect(await nextMessage(ws)).toEqual({ t: 'auth', ok: true });
    ws.send(JSON.stringify({ t: 'invoke', id: 7, cmd: 'library.get', input: { fileId: 1 } }));
    const r = await nextMessage(ws);
    expect(r).toMatchObject({ t: 'result', id: 7, ok: false, error: { code: 'invalid_input' } });
    ws.close();
  });

  it('closes a socket whose first message is not a valid auth', async () => {
    const ws = await wsConnect();
    const c = closed(ws);
    ws.send(JSON.stringify({ t: 'invoke', id: 1, cmd: 'app.info', input: {} }));
    expect((await c).code).toBe(1008);

    const ws2 = await wsConnect();
    const c2 = closed(ws2);
    ws2.send(JSON.stringify({ t: 'auth', token: 'wrong' }));
    expect((await c2).code).toBe(1008);
  });

  it('closes a silent unauthenticated socket after the auth timeout, and never sends it events', async () => {
    const ws = await wsConnect();
    const got: unknown[] = [];
    ws.on('message', (d) => got.push(d.toString()));
    core.events.emit('connectivity.changed', { online: true });
    expect((await closed(ws)).code).toBe(1008);
    expect(got).toEqual([]);
  });

  it('refuses the upgrade from a foreign Origin or Host', async () => {
    await expect(wsConnect({ cookie, origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(wsConnect({ cookie, host: `evil.example:${host.port}` })).rejects.toThrow(/403/);
  });

  it('answers malformed frames with bad_frame and stays open', async () => {
    const ws = await wsConnect({ cookie });
    const frames: Array<string | Buffer> = ['not json', '[]', '42', JSON.stringify({ t: 'nope', id: 3 }), JSON.stringify({ t: 'invoke', id: 'x', cmd: 'a' }), JSON.stringify({ t: 'invoke', id: 4 }), Buffer.from([1, 2, 3])];
    for (const f of frames) {
      ws.send(f);
      const r = await nextMessage(ws);
      expect(r).toMatchObject({ t: 'result', ok: false, error: { code: 'bad_frame' } });
    }
    ws.send(JSON.stringify({ t: 'invoke', id: 5, cmd: 'uploads.list' }));
    expect(await nextMessage(ws)).toMatchObject({ id: 5, ok: true });
    ws.close();
  });
});

describe('secrets', () => {
  it('never sends the key to the browser: page, headers, socket results and events', async () => {
    const seen: string[] = [];
    const page = await request(host.port, '/', { headers: { cookie } });
    seen.push(page.text, JSON.stringify(page.headers));
    const ws = await wsConnect({ cookie });
    const replies: string[] = [];
    ws.on('message', (d) => replies.push(d.toString()));
    let id = 1;
    for (const cmd of ['app.info', 'app.status', 'keys.status', 'settings.get']) {
      ws.send(JSON.stringify({ t: 'invoke', id: id++, cmd, input: {} }));
    }
    await new Promise((r) => setTimeout(r, 200));
    ws.close();
    seen.push(...replies);
    expect(replies.length).toBe(4);
    for (const text of seen) expect(text).not.toContain(SECRET);
    expect(replies.join('\n')).toContain('"last4":"1234"');
    for (const l of logs) expect(l).not.toContain(SECRET);
  });
});

describe('close', () => {
  it('stops listening and closes a core it created', async () => {
    let created: TestCore | null = null;
    const h = await startWebHost({
      core: async (seam) => {
        expect(seam).toEqual({ host: 'web', mediaBase: '/media/', uploadEndpoint: '/upload' });
        created = await createTestCore();
        return created;
      },
      log: () => {},
    });
    await h.close();
    expect(created!.closed).toBe(true);
    await expect(request(h.port, '/')).rejects.toThrow();
    expect(existsSync(created!.dir)).toBe(true);
  });
});
