/**
 * Lip-sync inputs as the send lane resolves them (workers/lipsync/inputs.ts): a local file under
 * 20 MB rides in the request, a larger one becomes a Sync asset; with segments every local file is
 * an asset (a multipart body has one audio part) and each segment's audio gets its refId; a local
 * file that is gone or too large is refused in words before anything is sent.
 */
import { truncateSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LipsyncRequest } from '../../../main/contract';
import { resolveLipsyncInputs, type InputDeps } from '../../../main/workers/lipsync/inputs';
import { inspectLocalFile } from '../../../main/workers/lipsync/local-file';
import { sampleMedia } from '../../helpers/sandbox';

function fakeSync() {
  const sent: Array<{ fileName: string; contentType: string; size: number }> = [];
  const deps: InputDeps = {
    videogen: { hydrateFile: async () => Promise.reject(new Error('no VideoGen here')) },
    sync: {
      createAssetUpload: async (b: { fileName: string; contentType: string; size: number }) => {
        sent.push(b);
        return { uploadUrl: `https://up.example/${sent.length}`, url: `https://store.example/${b.fileName}`, expiresIn: 3600 };
      },
      putAsset: async (_url: string, stream: AsyncIterable<Buffer>) => {
        for await (const chunk of stream) void chunk;
      },
      createAsset: async () => ({ id: `asset-${sent.length}` }),
    } as unknown as InputDeps['sync'],
  };
  return { deps, sent };
}

const local = (p: string) => ({ kind: 'path' as const, path: p });

describe('resolveLipsyncInputs', () => {
  it('sends a small local file inside the request and never asks VideoGen', async () => {
    const { deps, sent } = fakeSync();
    const req: LipsyncRequest = { model: 'sync-3', visual: { type: 'video', ref: local(sampleMedia().video) }, voice: { type: 'audio', ref: local(sampleMedia().audio) } };
    const r = await resolveLipsyncInputs(deps, req);
    expect(Object.keys(r.files).sort()).toEqual(['audio', 'video']);
    expect(r.files.video).toMatchObject({ contentType: 'video/mp4', name: path.basename(sampleMedia().video) });
    expect(r.input).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('with segments: every local file is an asset, each segment audio has its refId', async () => {
    const { deps, sent } = fakeSync();
    const req: LipsyncRequest = {
      model: 'sync-3',
      visual: { type: 'video', ref: local(sampleMedia().video) },
      voice: { type: 'audio', ref: { kind: 'url', url: 'https://example.com/v.wav' } },
      segments: [
        { startTime: 0, endTime: 1, audio: local(sampleMedia().audio), audioStartTime: 0.5 },
        { startTime: 1, endTime: 2, audio: { kind: 'url', url: 'https://example.com/b.wav' } },
      ],
    };
    const r = await resolveLipsyncInputs(deps, req);
    expect(r.files).toEqual({});
    expect(sent.map((s) => s.fileName)).toEqual([path.basename(sampleMedia().video), path.basename(sampleMedia().audio)]);
    expect(r.input).toEqual([
      { type: 'video', assetId: 'asset-1' },
      { type: 'audio', url: 'https://example.com/v.wav' },
      { type: 'audio', assetId: 'asset-2', refId: 'segment-1' },
      { type: 'audio', url: 'https://example.com/b.wav', refId: 'segment-2' },
    ]);
    expect(r.segments).toEqual([
      { startTime: 0, endTime: 1, audioInput: { refId: 'segment-1', startTime: 0.5 } },
      { startTime: 1, endTime: 2, audioInput: { refId: 'segment-2' } },
    ]);
  });

  it('refuses a local file that is gone, or empty, in words', async () => {
    const { deps } = fakeSync();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atelier-ls-'));
    const gone = path.join(dir, 'moved.mp4');
    const req = (p: string): LipsyncRequest => ({ model: 'sync-3', visual: { type: 'video', ref: local(p) }, voice: { type: 'audio', ref: local(sampleMedia().audio) } });
    await expect(resolveLipsyncInputs(deps, req(gone))).rejects.toMatchObject({
      code: 'local_file_missing',
      message: `“moved.mp4” is no longer on this computer at ${gone}, so it can't be sent to Sync. Choose the file again.`,
    });
    const empty = path.join(dir, 'empty.mp4');
    writeFileSync(empty, '');
    await expect(resolveLipsyncInputs(deps, req(empty))).rejects.toMatchObject({ code: 'local_file_too_large', message: '“empty.mp4” is empty (0 bytes).' });
  });
});

describe('inspectLocalFile (lipsync.localFile)', () => {
  it('says name, size, whether it goes as an asset, and what is wrong', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atelier-ls-'));
    expect(await inspectLocalFile(sampleMedia().audio, 'audio')).toMatchObject({ name: path.basename(sampleMedia().audio), problem: null, viaAsset: false });
    expect((await inspectLocalFile(sampleMedia().png, 'audio')).problem).toBe(`“${path.basename(sampleMedia().png)}” is a PNG image, but an audio file is needed here.`);
    const big = path.join(dir, 'big.wav');
    writeFileSync(big, '');
    truncateSync(big, 6 * 1024 ** 3);
    expect(await inspectLocalFile(big, 'audio')).toMatchObject({ size: 6 * 1024 ** 3, viaAsset: true, problem: '“big.wav” is 6 GB; Atelier sends Sync files of up to 5 GB.' });
    expect((await inspectLocalFile(path.join(dir, 'nope.wav'), 'audio')).problem).toMatch(/^“nope\.wav” is no longer on this computer/);
  });
});
