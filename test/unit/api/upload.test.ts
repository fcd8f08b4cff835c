/** Streaming PUT to presigned storage, against a real local HTTP server. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateBudget } from '../../../main/api/rate-budget';
import { createSyncClient } from '../../../main/api/sync';
import { createVideoGenClient } from '../../../main/api/videogen';
import { failure, fakeClock } from './helpers';

interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  sha256: string;
}

let server: http.Server;
let base: string;
let received: Received[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'atelier-upload-test-'));
  server = http.createServer((req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      bytes += c.length;
      hash.update(c);
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, bytes, sha256: hash.digest('hex') });
      if (req.url?.startsWith('/expired')) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
        return;
      }
      if (req.url?.startsWith('/broken')) {
        res.writeHead(500);
        res.end('oops');
        return;
      }
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

function clients() {
  const clock = fakeClock();
  const budget = createRateBudget({ clock });
  return {
    vg: createVideoGenClient({ baseUrl: base, apiKey: () => 'secret-vg', fetch, clock, budget }),
    sync: createSyncClient({ baseUrl: base, apiKey: () => 'secret-sync', fetch, clock, budget }),
  };
}

describe('putUpload (VideoGen presigned PUT)', () => {
  it('streams the exact bytes from a file with Content-Length, no Authorization, and reports progress', async () => {
    received = [];
    const data = randomBytes(1_000_003);
    const file = path.join(dir, 'clip.bin');
    await writeFile(file, data);
    const progress: number[] = [];
    await clients().vg.putUpload(`${base}/put?sig=1`, createReadStream(file), { size: data.length, onProgress: (n) => progress.push(n) });
    const got = received[0];
    expect(got?.method).toBe('PUT');
    expect(got?.bytes).toBe(data.length);
    expect(got?.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(got?.headers['content-length']).toBe(String(data.length));
    expect(got?.headers['transfer-encoding']).toBeUndefined();
    expect(got?.headers.authorization).toBeUndefined();
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(data.length);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('accepts a Buffer', async () => {
    received = [];
    const data = Buffer.from('hello bytes');
    await clients().vg.putUpload(`${base}/put`, data, { size: data.length });
    expect(received[0]?.bytes).toBe(11);
  });

  it('403 from storage → forbidden / upload_url_expired', async () => {
    const err = await failure(clients().vg.putUpload(`${base}/expired`, Buffer.from('abc'), { size: 3 }));
    expect([err.kind, err.code, err.status]).toEqual(['forbidden', 'upload_url_expired', 403]);
    expect(err.message).toMatch(/upload link expired/);
  });

  it('5xx from storage → server (retryable)', async () => {
    const err = await failure(clients().vg.putUpload(`${base}/broken`, Buffer.from('abc'), { size: 3 }));
    expect([err.kind, err.retryable]).toEqual(['server', true]);
  });

  it('a stream shorter than the declared size is a local size_mismatch', async () => {
    const err = await failure(clients().vg.putUpload(`${base}/put`, Readable.from([Buffer.from('abc')]), { size: 10 }));
    expect([err.kind, err.code]).toEqual(['local', 'size_mismatch']);
  });

  it('a stream longer than declared is refused too', async () => {
    const err = await failure(clients().vg.putUpload(`${base}/put`, Readable.from([Buffer.alloc(20)]), { size: 10 }));
    expect(err.code).toBe('size_mismatch');
  });

  it('a missing file → local error naming it', async () => {
    const err = await failure(clients().vg.putUpload(`${base}/put`, createReadStream(path.join(dir, 'nope.mp4')), { size: 10 }));
    expect([err.kind, err.code]).toEqual(['local', 'ENOENT']);
  });

  it('connection refused → network, retryable', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(clients().vg.putUpload(`http://127.0.0.1:${port}/put`, Buffer.from('abc'), { size: 3 }));
    expect(err.code).toBe('ECONNREFUSED');
    expect([err.kind, err.retryable]).toEqual(['network', true]);
  });

  it('cancel → cancelled', async () => {
    const ctrl = new AbortController();
    const slow = new Readable({ read() {} }); // never ends
    const p = clients().vg.putUpload(`${base}/put`, slow, { size: 100, signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 20);
    expect((await failure(p)).kind).toBe('cancelled');
  });

  it('a stalled upload times out', async () => {
    const slow = new Readable({ read() {} });
    const err = await failure(clients().vg.putUpload(`${base}/put`, slow, { size: 100, stallTimeoutMs: 50 }));
    expect(err.kind).toBe('timeout');
  });

  it('keeps memory flat for a large streamed body', async () => {
    received = [];
    const size = 256 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < size / chunk.length; i++) yield chunk;
      })(),
    );
    global.gc?.();
    const before = process.memoryUsage();
    let peak = 0;
    await clients().vg.putUpload(`${base}/put`, source, {
      size,
      onProgress: () => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.rss - before.rss);
      },
    });
    expect(received[0]?.bytes).toBe(size);
    // 256 MB went through; memory grew by far less than that.
    expect(peak).toBeLessThan(96 * 1024 * 1024);
  }, 60_000);
});

describe('putAsset (Sync presigned PUT)', () => {
  it('sends exactly the declared Content-Type and no x-api-key', async () => {
    received = [];
    const data = Buffer.from('RIFF....WAVEfmt ');
    await clients().sync.putAsset(`${base}/asset`, data, { contentType: 'audio/wav', size: data.length });
    expect(received[0]?.headers['content-type']).toBe('audio/wav');
    expect(received[0]?.headers['x-api-key']).toBeUndefined();
    expect(received[0]?.headers['content-length']).toBe(String(data.length));
  });

  it('403 → upload_url_expired', async () => {
    const err = await failure(clients().sync.putAsset(`${base}/expired`, Buffer.from('a'), { contentType: 'video/mp4', size: 1 }));
    expect(err.code).toBe('upload_url_expired');
  });
});
