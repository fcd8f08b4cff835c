/** Streaming PUT to presigned storage, against a real local HTTP server. */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdtemp, readdir, readlink, rm, truncate, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateBudget } from '../../../main/api/rate-budget';
import { createSyncClient } from '../../../main/api/sync';
import { createVideoGenClient } from '../../../main/api/videogen';
import { failure, fakeClock, repoRoot } from './helpers';

const execFileAsync = promisify(execFile);

interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  sha256: string;
}

let server: http.Server;
let base: string;
let received: Received[] = [];
/** URLs of requests that asked `Expect: 100-continue`. */
const expects: string[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'atelier-upload-test-'));
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/hang')) {
      // Takes the headers, then never reads the body nor answers (until the client gives up).
      req.pause();
      return;
    }
    if (req.url?.startsWith('/refuse-at-once')) {
      // As S3 does for a bad signature: answered from the headers, the body never read.
      res.writeHead(403, { 'content-type': 'application/xml', connection: 'close' });
      res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      return;
    }
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
      if (req.url?.startsWith('/incomplete')) {
        res.writeHead(400, { 'content-type': 'application/xml' });
        res.end('<Error><Code>IncompleteBody</Code><Message>The request body ended before Content-Length bytes were received.</Message></Error>');
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
  // `Expect: 100-continue` (bodies over 1 MiB): refuse at once where S3 would, else go on.
  server.on('checkContinue', (req, res) => {
    expects.push(req.url ?? '');
    if (req.url?.startsWith('/refuse-at-once')) {
      res.writeHead(403, { 'content-type': 'application/xml', connection: 'close' });
      res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      return;
    }
    if (req.url?.startsWith('/no-expect')) {
      res.writeHead(417);
      res.end();
      return;
    }
    // A server that never answers the question: the client must send after a while anyway.
    if (!req.url?.startsWith('/no-continue')) res.writeContinue();
    server.emit('request', req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections(); // the /hang ones are never read to their end
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

  it('sends progress at most ~10 times a second, plus the first chunk and the total', async () => {
    received = [];
    const size = 8 * 1024 * 1024;
    const slow = Readable.from(
      (async function* () {
        for (let i = 0; i < 128; i++) {
          await new Promise((r) => setTimeout(r, 5));
          yield Buffer.alloc(64 * 1024, i);
        }
      })(),
    );
    const progress: Array<{ n: number; at: number }> = [];
    const started = performance.now();
    await clients().vg.putUpload(`${base}/put`, slow, { size, onProgress: (n) => progress.push({ n, at: performance.now() }) });
    const seconds = (performance.now() - started) / 1000;
    expect(received[0]?.bytes).toBe(size);
    expect(progress[0]?.n).toBe(64 * 1024);
    expect(progress.at(-1)?.n).toBe(size);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);
  });

  it('storage refusing before the body is through → the refusal, and the rest is not sent', async () => {
    received = [];
    let reads = 0;
    const endless = new Readable({
      read() {
        reads++;
        this.push(Buffer.alloc(1024 * 1024, 1));
      },
    });
    const err = await failure(clients().vg.putUpload(`${base}/refuse-at-once`, endless, { size: 1024 * 1024 * 1024 }));
    expect([err.kind, err.code, err.status]).toEqual(['forbidden', 'upload_url_expired', 403]);
    expect(endless.destroyed).toBe(true);
    expect(reads).toBeLessThan(1024);
  });

  it('a body cut short on the way (400 IncompleteBody) → network, retryable', async () => {
    const err = await failure(clients().vg.putUpload(`${base}/incomplete`, Buffer.from('abc'), { size: 3 }));
    expect([err.kind, err.retryable, err.status]).toEqual(['network', true, 400]);
  });

  it('a short stream never goes out as a complete body', async () => {
    received = [];
    const err = await failure(clients().vg.putUpload(`${base}/put`, Readable.from([Buffer.from('abc')]), { size: 3 + 1 }));
    expect(err.code).toBe('size_mismatch');
    await new Promise((r) => setTimeout(r, 50));
    // The server saw the connection end early (not a 4-byte body), so nothing was stored.
    expect(received.every((r) => r.bytes !== 4)).toBe(true);
  });

  it('cancel closes the file being read', async () => {
    const file = path.join(dir, 'cancel.bin');
    await writeFile(file, randomBytes(4 * 1024 * 1024));
    const ctrl = new AbortController();
    const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
    let first = true;
    const p = clients().vg.putUpload(`${base}/put`, stream, {
      size: 8 * 1024 * 1024,
      signal: ctrl.signal,
      onProgress: () => {
        if (first) ctrl.abort();
        first = false;
      },
    });
    expect((await failure(p)).kind).toBe('cancelled');
    expect(stream.destroyed).toBe(true);
  });
});

describe('file bodies ({ path }: read by putBytes into reused buffers)', () => {
  /** A file of `size` zero bytes that takes no disk (sparse). */
  const sparse = async (name: string, size: number) => {
    const file = path.join(dir, name);
    await writeFile(file, '');
    await truncate(file, size);
    return file;
  };
  /** How many descriptors this process has open on `file` (Linux; 0 elsewhere). */
  const openOn = async (file: string) => {
    const fds = await readdir('/proc/self/fd').catch(() => [] as string[]);
    const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
    return targets.filter((t) => t === file).length;
  };

  it('sends the exact bytes with Content-Length, reporting progress up to the total', async () => {
    received = [];
    const data = randomBytes(5 * 1024 * 1024 + 3);
    const file = path.join(dir, 'file-body.bin');
    await writeFile(file, data);
    const progress: number[] = [];
    await clients().vg.putUpload(`${base}/put`, { path: file }, { size: data.length, onProgress: (n) => progress.push(n) });
    expect(received[0]?.bytes).toBe(data.length);
    expect(received[0]?.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(received[0]?.headers['content-length']).toBe(String(data.length));
    expect(received[0]?.headers.authorization).toBeUndefined();
    expect(progress[0]).toBe(1024 * 1024);
    expect(progress.at(-1)).toBe(data.length);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(await openOn(file)).toBe(0);
  });

  it('an empty file', async () => {
    received = [];
    const file = path.join(dir, 'empty.bin');
    await writeFile(file, '');
    await clients().sync.putAsset(`${base}/asset`, { path: file }, { contentType: 'audio/wav', size: 0 });
    expect(received[0]?.bytes).toBe(0);
  });

  it('over 1 MiB, asks `Expect: 100-continue` first (as curl does); sends anyway after 1 s without an answer', async () => {
    const file = path.join(dir, 'two-mib.bin');
    await writeFile(file, randomBytes(2 * 1024 * 1024));
    expects.length = 0;
    received = [];
    await clients().vg.putUpload(`${base}/put`, Buffer.alloc(1024 * 1024), { size: 1024 * 1024 });
    await clients().vg.putUpload(`${base}/put`, { path: file }, { size: 2 * 1024 * 1024 });
    expect(expects).toEqual(['/put']);
    const started = Date.now();
    await clients().sync.putAsset(`${base}/no-continue`, { path: file }, { contentType: 'video/mp4', size: 2 * 1024 * 1024 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(received.map((r) => r.bytes)).toEqual([1024 * 1024, 2 * 1024 * 1024, 2 * 1024 * 1024]);
  });

  it('a server that refuses the question (417) gets the same request without it, body untouched', async () => {
    received = [];
    const data = randomBytes(3 * 1024 * 1024);
    const stream = Readable.from([data.subarray(0, 1024 * 1024), data.subarray(1024 * 1024)]);
    await clients().vg.putUpload(`${base}/no-expect`, stream, { size: data.length });
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.expect).toBeUndefined();
    expect(received[0]?.sha256).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('a missing file → local ENOENT naming it', async () => {
    const missing = path.join(dir, 'gone.mp4');
    const err = await failure(clients().vg.putUpload(`${base}/put`, { path: missing }, { size: 10 }));
    expect([err.kind, err.code]).toEqual(['local', 'ENOENT']);
    expect(err.message).toContain('gone.mp4');
  });

  it('a file that grew or shrank since its size was taken → size_mismatch, and no complete body goes out', async () => {
    const file = path.join(dir, 'changing.bin');
    await writeFile(file, randomBytes(3 * 1024 * 1024));
    received = [];
    const longer = await failure(clients().vg.putUpload(`${base}/put`, { path: file }, { size: 2 * 1024 * 1024 }));
    expect([longer.kind, longer.code]).toEqual(['local', 'size_mismatch']);
    await appendFile(file, 'x');
    const shorter = await failure(clients().vg.putUpload(`${base}/put`, { path: file }, { size: 4 * 1024 * 1024 }));
    expect(shorter.code).toBe('size_mismatch');
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([]);
  });

  it('refused before the body is through → the refusal, and the file is closed', async () => {
    const file = await sparse('refused.bin', 1024 * 1024 * 1024);
    received = [];
    const err = await failure(clients().vg.putUpload(`${base}/refuse-at-once`, { path: file }, { size: 1024 * 1024 * 1024 }));
    expect([err.kind, err.code, err.status]).toEqual(['forbidden', 'upload_url_expired', 403]);
    await new Promise((r) => setTimeout(r, 50));
    expect(await openOn(file)).toBe(0);
  });

  it('storage that stops reading → timeout after the stall limit (the socket is watched, not only the reads)', async () => {
    const file = await sparse('hang.bin', 1024 * 1024 * 1024);
    const started = Date.now();
    const err = await failure(clients().vg.putUpload(`${base}/hang`, { path: file }, { size: 1024 * 1024 * 1024, stallTimeoutMs: 300 }));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(await openOn(file)).toBe(0);
  });

  it('connection refused → network, and the file is never opened (not even after the 100-continue wait)', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const file = await sparse('never-opened.bin', 1024 * 1024 * 1024);
    const err = await failure(clients().vg.putUpload(`http://127.0.0.1:${port}/put`, { path: file }, { size: 1024 * 1024 * 1024 }));
    expect([err.kind, err.code]).toEqual(['network', 'ECONNREFUSED']);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await openOn(file)).toBe(0);
  });

  it('cancel → cancelled, and the file is closed', async () => {
    const file = await sparse('cancelled.bin', 1024 * 1024 * 1024);
    const ctrl = new AbortController();
    const p = clients().vg.putUpload(`${base}/hang`, { path: file }, { size: 1024 * 1024 * 1024, signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 50);
    expect((await failure(p)).kind).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 50));
    expect(await openOn(file)).toBe(0);
  });
});

describe('putAsset (Sync presigned PUT)', () => {
  it('sends exactly the declared Content-Type and no x-api-key', async () => {
    received = [];
    const data = Buffer.from('RIFF....WAVEfmt ');
    await clients().sync.putAsset(`${base}/asset`, data, { contentType: 'audio/wav', size: data.length });
    expect(received[0]?.headers['content-type']).toBe('audio/wav');
    expect(received[0]?.headers['x-api-key']).toBeUndefined();
    expect(received[0]?.headers.authorization).toBeUndefined();
    expect(received[0]?.headers['content-length']).toBe(String(data.length));
    expect(received[0]?.headers['transfer-encoding']).toBeUndefined();
  });

  it('403 → upload_url_expired', async () => {
    const err = await failure(clients().sync.putAsset(`${base}/expired`, Buffer.from('a'), { contentType: 'video/mp4', size: 1 }));
    expect(err.code).toBe('upload_url_expired');
  });
});

/**
 * 256 MiB of distinct 1 MiB chunks (a fresh buffer each, as a file stream gives) through each
 * client, each in a fresh process (upload-memory-child.ts) so one measurement can't hide behind
 * memory an earlier one left with the allocator. A PUT that keeps chunks alive until the
 * request ends (Node 20's fetch with a streamed body does) grows by about the whole body; ours
 * stays within a few chunks.
 */
describe('memory stays flat for a large streamed body', () => {
  const SIZE = 256 * 1024 * 1024;
  const LIMIT = 64 * 1024 * 1024;
  const child = path.join(repoRoot, 'test/unit/api/upload-memory-child.ts');

  async function peakGrowth(method: 'putUpload' | 'putAsset', url: string, file?: string): Promise<number> {
    const args = ['--import', 'tsx', child, method, url, String(SIZE), ...(file ? [file] : [])];
    const { stdout } = await execFileAsync(process.execPath, args, { cwd: repoRoot });
    const line = stdout.trim().split('\n').at(-1) ?? '';
    return (JSON.parse(line) as { growth: number }).growth;
  }

  it('through putUpload', async () => {
    received = [];
    const growth = await peakGrowth('putUpload', `${base}/put`);
    expect(received.map((r) => r.bytes)).toContain(SIZE);
    expect(growth).toBeLessThan(LIMIT);
  }, 60_000);

  it('through putAsset', async () => {
    received = [];
    const growth = await peakGrowth('putAsset', `${base}/asset`);
    expect(received.find((r) => r.bytes === SIZE)?.headers['content-type']).toBe('video/mp4');
    expect(growth).toBeLessThan(LIMIT);
  }, 60_000);

  it('through putUpload and putAsset, for a file body ({ path }: a few reused buffers)', async () => {
    const file = path.join(dir, 'sparse-256m.bin');
    await writeFile(file, '');
    await truncate(file, SIZE); // sparse: no disk, and reads cost no I/O
    received = [];
    const upload = await peakGrowth('putUpload', `${base}/put`, file);
    const asset = await peakGrowth('putAsset', `${base}/asset`, file);
    expect(received.filter((r) => r.bytes === SIZE)).toHaveLength(2);
    expect(upload).toBeLessThan(LIMIT);
    expect(asset).toBeLessThan(LIMIT);
  }, 60_000);
});
