/**
 * The web host's `POST /lipsync-file`: a file chosen in the browser for a lip-sync input is kept
 * in the data folder (base name only, inside `lipsyncInputsDir`) and checked as the send lane
 * will treat it (the real `lipsync.localFile`): the right kind is answered with its path and size,
 * the wrong kind or too many bytes are refused in words and nothing is kept; no token, no entry.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../main/web/index';
import { receiveLipsyncFile } from '../../../main/web/lipsync-file-route';
import { inspectLocalFile } from '../../../main/workers/lipsync/local-file';
import { sampleMedia } from '../../helpers/sandbox';
import { login, request } from './support/http';
import { writeRendererFixture } from './support/renderer-fixture';
import { createTestCore, type TestCore } from './support/test-core';

let host: WebHost;
let core: TestCore;
let cookie: string;

beforeAll(async () => {
  core = await createTestCore({ 'lipsync.localFile': ({ path: p, type }) => inspectLocalFile(p, type) });
  const rendererDir = writeRendererFixture(await mkdtemp(path.join(os.tmpdir(), 'atelier-renderer-')));
  host = await startWebHost({ core, rendererDir, log: () => {} });
  cookie = await login(host.port, host.token);
});
afterAll(async () => {
  await host?.close();
});

const kept = () => (existsSync(core.lipsyncInputsDir) ? readdirSync(core.lipsyncInputsDir).length : 0);

describe('POST /lipsync-file', () => {
  it('keeps a file of the right kind under its base name and answers its path and size', async () => {
    const bytes = readFileSync(sampleMedia().audio);
    const r = await request(host.port, `/lipsync-file?name=${encodeURIComponent('../../my voice.m4a')}&type=audio`, { method: 'POST', headers: { cookie }, body: bytes });
    expect(r.status, r.text).toBe(200);
    const got = JSON.parse(r.text) as { path: string; name: string; size: number; viaAsset: boolean };
    expect(got).toMatchObject({ name: 'my voice.m4a', size: bytes.length, viaAsset: false });
    expect(path.dirname(path.dirname(got.path))).toBe(core.lipsyncInputsDir);
    expect(readFileSync(got.path).equals(bytes)).toBe(true);
  });

  it('refuses the wrong kind of file in words, and keeps nothing', async () => {
    const before = kept();
    const r = await request(host.port, `/lipsync-file?name=notes.txt&type=audio`, { method: 'POST', headers: { cookie }, body: 'just words\n' });
    expect(r.status).toBe(422);
    expect(JSON.parse(r.text)).toEqual({
      error: { code: 'file_refused', message: 'Atelier can\'t tell what kind of file “notes.txt” is. Use an MP4/MOV video, a WAV/MP3 audio file, or a PNG/JPEG image.' },
    });
    const png = readFileSync(sampleMedia().png);
    const wrong = await request(host.port, `/lipsync-file?name=face.png&type=audio`, { method: 'POST', headers: { cookie }, body: png });
    expect(wrong.status).toBe(422);
    expect((JSON.parse(wrong.text) as { error: { message: string } }).error.message).toBe('“face.png” is a PNG image, but an audio file is needed here.');
    expect(kept()).toBe(before);
  });

  it('asks for a name and a kind, and the token', async () => {
    expect((await request(host.port, `/lipsync-file?name=a.mp4&type=text`, { method: 'POST', headers: { cookie }, body: 'x' })).status).toBe(400);
    expect((await request(host.port, `/lipsync-file?type=video`, { method: 'POST', headers: { cookie }, body: 'x' })).status).toBe(400);
    expect((await request(host.port, `/lipsync-file?name=a.mp4&type=video`, { method: 'GET', headers: { cookie } })).status).toBe(405);
    expect((await request(host.port, `/lipsync-file?name=a.mp4&type=video`, { method: 'POST', body: 'x' })).status).toBe(403);
  });

  it('refuses a body over the cap at once, and keeps nothing', async () => {
    const server = createServer((req, res) => {
      void receiveLipsyncFile(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'), core, { log: () => {}, maxBytes: 1000 });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const before = kept();
      const r = await request(port, `/lipsync-file?name=big.mp4&type=video`, { method: 'POST', body: Buffer.alloc(5000) });
      expect(r.status).toBe(413);
      expect((JSON.parse(r.text) as { error: { message: string } }).error.message).toBe('“big.mp4” is larger than 1000 bytes; Atelier sends Sync files of up to 1000 bytes.');
      expect(kept()).toBe(before);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
