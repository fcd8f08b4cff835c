// Persistence: a sandbox given a data dir keeps its state across restarts (close + start on the
// same dir and port, or a SIGKILLed CLI process started again): files and their renditions
// (reused, not re-rendered), signed URLs until they expire, executions and Sync generations that
// finish after the restart, assets, webhooks and rate windows; workflow runs, projects, remix
// actions, exports, entities and recorded webhook deliveries, with renders cut short by a close
// or a SIGKILL finished after the restart. A second sandbox on a dir in use is refused.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareApiTarget } from '../../../main/host/api-target';
import { repoRoot, sampleMedia, startTestSandbox, testMediaCacheDir, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor } from './support/client';
import { contractFetch } from './support/contract';
import { probe, studioClient, download } from './support/studio';

interface Src { status: string; url: string | null; fileBytes: number | null }
interface File {
  fileId: string;
  type: string | null;
  displayName: string;
  downloadSource: Src;
  previewSource: Src;
  hlsSource: Src;
  publicHlsUrl?: string | null;
  publicPlaybackId?: string | null;
}
interface Exec { toolExecutionId: string; status: string; results?: Array<{ fileId: string; type: string }> }
interface Generation { id: string; status: string; outputUrl?: string; error?: string }

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'atelier-sandbox-persist-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const vg = <T>(sb: Sandbox, method: string, p: string, body?: unknown) => clientFor(sb).vg<T>(method, p, body);
const getFile = async (sb: Sandbox, id: string) => (await vg<File>(sb, 'GET', `/v1/files/${id}`)).body;

describe('sandbox persistence', () => {
  it('keeps files, renditions, hydration, public previews, webhooks and signed URLs across a restart on the same port', async () => {
    const dir = dataDir();
    let sb = await startTestSandbox({ dataDir: dir, processingMs: 0 });
    const bytes = readFileSync(sampleMedia().video);
    const { fileId } = await uploadBytes(contractFetch, sb, bytes, 'clip.mp4');
    await waitFor(async () => (await getFile(sb, fileId)).hlsSource.status === 'ready', 'renditions');
    const archived = (await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'old.png')).fileId;
    expect((await vg(sb, 'POST', `/v1/files/${archived}/archive`)).status).toBe(200);
    expect((await vg(sb, 'POST', `/v1/files/${fileId}/enable-public-preview`)).status).toBe(200);
    const hook = await vg<{ endpointId: string }>(sb, 'POST', '/v1/webhooks/endpoints', { url: 'https://example.com/hook', events: ['file.upload.completed'] });
    expect(hook.status).toBe(201);
    const hydrated = (await vg<File>(sb, 'POST', `/v1/files/${fileId}/hydrate`)).body;
    const before = await getFile(sb, fileId);
    const listBefore = (await vg<{ files: File[] }>(sb, 'GET', '/v1/files?limit=50')).body.files.map((f) => f.fileId);
    const renditionDirs = readdirSync(path.join(dir, 'files', fileId));
    const { url, port } = sb;
    await sb.close();

    sb = await startTestSandbox({ dataDir: dir, port, processingMs: 0 });
    try {
      expect(sb.url).toBe(url);
      // The same file, the same state, the same (still valid) URLs.
      expect(await getFile(sb, fileId)).toEqual(before);
      expect((await vg<{ files: File[] }>(sb, 'GET', '/v1/files?limit=50')).body.files.map((f) => f.fileId)).toEqual(listBefore);
      expect(listBefore).not.toContain(archived);
      expect((await getFile(sb, archived)).displayName).toBe('old.png');

      // A URL signed before the restart still serves the bytes (the HMAC secret persisted)…
      const old = await fetch(hydrated.downloadSource.url!);
      expect(old.status).toBe(200);
      expect(Buffer.from(await old.arrayBuffer()).equals(bytes)).toBe(true);
      const playlist = await fetch(hydrated.hlsSource.url!);
      expect(playlist.status).toBe(200);
      const segment = (await playlist.text()).split('\n').find((l) => l.endsWith('.ts'))!;
      expect((await fetch(new URL(segment, hydrated.hlsSource.url!))).status).toBe(200);
      expect((await fetch(before.publicHlsUrl!)).status).toBe(200);
      // …the renditions were reused, not made again…
      expect(readdirSync(path.join(dir, 'files', fileId))).toEqual(renditionDirs);
      // …and a fresh hydrate gives working URLs.
      const fresh = (await vg<File>(sb, 'POST', `/v1/files/${fileId}/hydrate`)).body;
      const preview = await fetch(fresh.previewSource.url!);
      expect(preview.status).toBe(200);
      expect(preview.headers.get('content-type')).toBe('video/mp4');
      expect((await preview.arrayBuffer()).byteLength).toBe(fresh.previewSource.fileBytes);

      const hooks = (await vg<{ endpoints: Array<{ endpointId: string }> }>(sb, 'GET', '/v1/webhooks/endpoints')).body.endpoints;
      expect(hooks.map((h) => h.endpointId)).toEqual([hook.body.endpointId]);

      // Ids continue the sequence instead of starting over.
      const next = await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'new.png');
      expect([fileId, archived]).not.toContain(next.fileId);
      const hook2 = await vg<{ endpointId: string }>(sb, 'POST', '/v1/webhooks/endpoints', { url: 'https://example.com/2', events: ['file.upload.completed'] });
      expect(hook2.body.endpointId).not.toBe(hook.body.endpointId);

      // Signed URLs expire on schedule, restart or not.
      sb.advance(3601_000);
      expect((await fetch(hydrated.downloadSource.url!)).status).toBe(403);
    } finally {
      await sb.close();
    }
    // The data dir is the caller's: close() leaves it (and its state) in place.
    expect(existsSync(path.join(dir, 'state.sqlite'))).toBe(true);
  }, 60_000);

  it('finishes an execution started before the restart, with its result files; settled ones keep theirs', async () => {
    const dir = dataDir();
    // Renders go to <dataDir>/media-cache, so the interrupted render really is unfinished.
    let sb = await startTestSandbox({ dataDir: dir, executionMs: 300, mediaCacheDir: undefined });
    const start = async (prompt: string) => (await vg<{ toolExecutionId: string }>(sb, 'POST', '/v1/tools/generate-video-clip', { prompt, quality: 'STANDARD', durationSeconds: 2 })).body.toolExecutionId;
    const exec = async (id: string) => (await vg<Exec>(sb, 'GET', `/v1/tools/executions/${id}`)).body;
    const done = async (id: string) => waitFor(async () => ((await exec(id)).status === 'succeeded' ? exec(id) : null), `execution ${id}`, 60_000);

    const settled = await done(await start('a kite over the dunes'));
    const pending = await start('a lantern in the rain');
    const port = sb.port;
    await sb.close(); // kills the render of `pending`

    sb = await startTestSandbox({ dataDir: dir, port, executionMs: 300, mediaCacheDir: undefined });
    try {
      expect(await exec(settled.toolExecutionId)).toEqual(settled);
      const finished = await done(pending);
      expect(finished.results).toHaveLength(1);
      const result = await getFile(sb, finished.results![0]!.fileId);
      expect(result).toMatchObject({ type: 'VIDEO', displayName: 'a lantern in the rain' });
      expect(result.downloadSource.status).toBe('ready');
      const mp4 = Buffer.from(await (await fetch(result.downloadSource.url!)).arrayBuffer());
      expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
      const listed = (await vg<{ toolExecutions: Exec[] }>(sb, 'GET', '/v1/tools/executions')).body.toolExecutions.map((e) => e.toolExecutionId);
      expect(listed).toEqual([pending, settled.toolExecutionId]);
      const resultIds = [...settled.results!, ...finished.results!].map((r) => r.fileId);
      expect(new Set(resultIds).size).toBe(2);
    } finally {
      await sb.close();
    }
  }, 90_000);

  it('keeps runs, projects, remix actions, exports, entities and webhook deliveries; finishes renders a close cut short', async () => {
    const dir = dataDir();
    // Renders go to <dataDir>/media-cache, so the interrupted ones really are unfinished.
    const opts = { dataDir: dir, processingMs: 0, workflowMs: 200, executionMs: 150, mediaCacheDir: undefined };
    let sb = await startTestSandbox(opts);
    let studio = studioClient(clientFor(sb));
    const hook = await vg<{ endpointId: string }>(sb, 'POST', '/v1/webhooks/endpoints', { url: 'https://example.com/runs', events: ['workflow_run.succeeded'] });
    const { fileId: logo } = await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'logo.png');
    await waitFor(async () => (await getFile(sb, logo)).downloadSource.status === 'ready', 'logo');
    const entity = (await vg<{ entityId: string }>(sb, 'POST', '/v1/entities', { entityType: 'ACTOR', name: 'Maya' })).body;
    await vg(sb, 'POST', `/v1/entities/${entity.entityId}/references`, { fileId: logo });

    const a = await studio.start('script-to-video', { script: 'Kept across restarts. Really.', visualStyle: { type: 'STOCK' }, remixActions: [{ type: 'SET_LOGO', fileId: logo }] });
    await studio.waitRun(a.workflowRunId);
    await studio.waitReady(a.projectId);
    const firstExport = await studio.waitExport(a.projectId, await studio.exportProject(a.projectId, { quality: 'STANDARD' }));
    expect(firstExport.status).toBe('succeeded');
    // Cut short by the close: a run whose assets are being made and an export being rendered.
    const b = await studio.start('storyboard-to-video', { scenes: [{ prompt: 'An unfinished scene', actorEntityId: entity.entityId }, { prompt: 'A clip', generation: { type: 'AI_VIDEO' }, durationSeconds: 2 }] });
    const cutExport = await studio.exportProject(a.projectId, { quality: 'STANDARD' });
    const before = {
      run: await studio.run(a.workflowRunId),
      project: await studio.project(a.projectId),
      actions: await studio.actions(a.projectId),
      entity: (await vg(sb, 'GET', `/v1/entities/${entity.entityId}`)).body,
      runs: (await vg<{ workflowRuns: Array<{ workflowRunId: string }> }>(sb, 'GET', '/v1/workflows/runs')).body.workflowRuns.map((r) => r.workflowRunId),
      deliveries: sb.webhookDeliveries(),
    };
    expect(before.deliveries.map((d) => d.endpointId)).toEqual([hook.body.endpointId]);
    const port = sb.port;
    await sb.close();

    sb = await startTestSandbox({ ...opts, port });
    studio = studioClient(clientFor(sb));
    try {
      expect(await studio.run(a.workflowRunId)).toEqual(before.run);
      expect(await studio.project(a.projectId)).toEqual(before.project);
      expect(await studio.actions(a.projectId)).toEqual(before.actions);
      expect((await vg(sb, 'GET', `/v1/entities/${entity.entityId}`)).body).toEqual(before.entity);
      expect((await vg<{ workflowRuns: Array<{ workflowRunId: string }> }>(sb, 'GET', '/v1/workflows/runs')).body.workflowRuns.map((r) => r.workflowRunId)).toEqual(before.runs);
      const again = await studio.getExport(a.projectId, firstExport.exportId);
      expect({ ...again, downloadUrl: null, thumbnailUrl: null }).toEqual({ ...firstExport, downloadUrl: null, thumbnailUrl: null });
      expect((await fetch(firstExport.downloadUrl!)).status).toBe(200);
      // The interrupted renders are finished after the restart.
      expect(await studio.waitRun(b.workflowRunId)).toMatchObject({ status: 'succeeded' });
      const finished = await studio.waitExport(a.projectId, cutExport);
      expect(finished.status, JSON.stringify(finished.error)).toBe('succeeded');
      expect(probe(await download(finished.downloadUrl!)).streams.find((st) => st.codec_type === 'video')).toMatchObject({ width: 854, height: 480 });
      expect(sb.webhookDeliveries().slice(0, 1)).toEqual(before.deliveries);
      expect(sb.webhookDeliveries().map((d) => JSON.parse(d.body).workflowRunId)).toEqual([a.workflowRunId, b.workflowRunId]);
      // Ids continue the sequence.
      const c = await studio.start('storyboard-to-video', { scenes: [{ prompt: 'New' }] });
      expect([a.workflowRunId, b.workflowRunId]).not.toContain(c.workflowRunId);
      expect([a.projectId, b.projectId]).not.toContain(c.projectId);
    } finally {
      await sb.close();
    }
  }, 120_000);

  it('completes a Sync generation started before the restart and keeps assets', async () => {
    const dir = dataDir();
    let sb = await startTestSandbox({ dataDir: dir, syncGenerationMs: 300 });
    const sync = <T>(method: string, p: string, body?: unknown) => clientFor(sb).sync<T>(method, p, body);
    const audio = readFileSync(sampleMedia().audio);
    const slot = (await sync<{ uploadUrl: string; url: string }>('POST', '/v2/assets/upload', { fileName: 'voice.m4a', contentType: 'audio/mp4', size: audio.length })).body;
    expect((await fetch(slot.uploadUrl, { method: 'PUT', body: audio, headers: { 'Content-Type': 'audio/mp4' } })).status).toBe(200);
    const asset = (await sync<{ id: string; url: string }>('POST', '/v2/assets', { url: slot.url })).body;

    const form = new FormData();
    form.set('model', 'lipsync-2');
    form.set('video', new Blob([readFileSync(sampleMedia().video)], { type: 'video/mp4' }), 'clip.mp4');
    form.set('input', JSON.stringify([{ type: 'audio', assetId: asset.id }]));
    const res = await contractFetch(`${sb.url}/v2/generate`, { method: 'POST', headers: { 'x-api-key': sb.syncKey }, body: form });
    expect(res.status).toBe(201);
    const g = (await res.json()) as Generation;
    const port = sb.port;
    await sb.close();

    sb = await startTestSandbox({ dataDir: dir, port, syncGenerationMs: 300 });
    try {
      const done = await waitFor(async () => {
        const cur = (await sync<Generation>('GET', `/v2/generate/${g.id}`)).body;
        return ['COMPLETED', 'FAILED'].includes(cur.status) ? cur : null;
      }, 'generation', 60_000);
      expect(done.status, done.error).toBe('COMPLETED');
      const out = await fetch(done.outputUrl!);
      expect(out.status).toBe(200);
      expect(Buffer.from(await out.arrayBuffer()).subarray(4, 8).toString('latin1')).toBe('ftyp');
      expect((await sync<{ id: string }>('GET', `/v2/assets/${asset.id}`)).body.id).toBe(asset.id);
      expect((await sync<{ items: Array<{ id: string }> }>('GET', '/v2/assets')).body.items.map((a) => a.id)).toEqual([asset.id]);
      expect((await fetch(asset.url)).status).toBe(200);
      const list = (await sync<Generation[]>('GET', '/v2/generations')).body;
      expect(list.map((x) => x.id)).toEqual([g.id]);
    } finally {
      await sb.close();
    }
  }, 90_000);

  it('leaves the seeded library virtual: the same seed gives the same ids and times; changed seeded files keep their change', async () => {
    const dir = dataDir();
    let sb = await startTestSandbox({ dataDir: dir, seedFiles: 500 });
    const page = async () => (await vg<{ files: Array<File & { updatedAt: string; archivedAt?: string | null }> }>(sb, 'GET', '/v1/files?limit=100')).body.files;
    const first = await page();
    const archivedSeed = first[3]!.fileId;
    expect((await vg(sb, 'POST', `/v1/files/${archivedSeed}/archive`)).status).toBe(200);
    const before = (await page()).map((f) => [f.fileId, f.updatedAt]);
    const port = sb.port;
    await sb.close();

    sb = await startTestSandbox({ dataDir: dir, port, seedFiles: 500 });
    try {
      expect((await page()).map((f) => [f.fileId, f.updatedAt])).toEqual(before);
      expect(before.map(([id]) => id)).not.toContain(archivedSeed);
      expect((await getFile(sb, archivedSeed)).displayName).toBe(first[3]!.displayName);
    } finally {
      await sb.close();
    }
    // Only the changed seeded file was stored.
    const db = new Database(path.join(dir, 'state.sqlite'), { readonly: true });
    try {
      expect(db.prepare("SELECT id FROM records WHERE kind = 'file'").all()).toEqual([{ id: archivedSeed }]);
    } finally {
      db.close();
    }
  }, 30_000);

  it('keeps rate-limit windows and refuses a second sandbox on a data dir in use', async () => {
    const dir = dataDir();
    let sb = await startTestSandbox({ dataDir: dir, rateLimits: { 'files.list': 3 } });
    for (let i = 0; i < 2; i++) expect((await vg(sb, 'GET', '/v1/files')).status).toBe(200);
    await expect(startTestSandbox({ dataDir: dir })).rejects.toThrow(/in use by another running sandbox/);
    const port = sb.port;
    await sb.close();

    sb = await startTestSandbox({ dataDir: dir, port, rateLimits: { 'files.list': 3 } });
    try {
      const third = await vg(sb, 'GET', '/v1/files');
      expect(third.status).toBe(200);
      expect(third.headers.get('x-ratelimit-remaining')).toBe('0');
      expect((await vg(sb, 'GET', '/v1/files')).status).toBe(429);
    } finally {
      await sb.close();
    }
  }, 30_000);

  it('the hosts\' in-process sandbox (--sandbox) keeps its data dir, files and port across restarts', async () => {
    const appDir = dataDir();
    const start = () => prepareApiTarget({ sandbox: true, videogenUrl: null, syncUrl: null }, appDir, {}, () => {
      throw new Error('the sandbox needs no host secret store');
    });
    let target = await start();
    const key = (await target.secrets.get('videogen'))!;
    const sb = { url: target.videogenBaseUrl!, videogenKey: key } as Sandbox;
    const { fileId } = await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'kept.png');
    await target.close();
    const serverDir = path.join(appDir, 'sandbox-profile', 'server');
    expect(existsSync(path.join(serverDir, 'state.sqlite'))).toBe(true);

    target = await start();
    try {
      expect(target.videogenBaseUrl).toBe(sb.url);
      const f = await waitFor(async () => {
        const cur = await getFile(sb, fileId);
        return cur.downloadSource.status === 'ready' ? cur : null;
      }, 'the file after the restart');
      expect(f.displayName).toBe('kept.png');
    } finally {
      await target.close();
    }
  }, 60_000);

  it('a SIGKILLed sandbox process, started again on its data dir, keeps an upload that completed before the kill', async () => {
    const dir = dataDir();
    const args = ['--processing-ms', '200', '--media-cache-dir', testMediaCacheDir, '--data-dir', dir];
    const first = await startCli(['--port', '0', ...args]);
    const sb = { url: first.url, videogenKey: 'vg_sandbox_key' } as Sandbox;
    const png = readFileSync(sampleMedia().png);
    const processed = (await uploadBytes(contractFetch, sb, png, 'processed.png')).fileId;
    await waitFor(async () => (await getFile(sb, processed)).downloadSource.status === 'ready', 'processing');
    const mp4 = readFileSync(sampleMedia().video);
    // Killed right after its PUT: its processing is picked up again after the restart.
    const unprocessed = (await uploadBytes(contractFetch, sb, mp4, 'unprocessed.mp4')).fileId;
    await first.kill('SIGKILL');

    const second = await startCli(['--port', String(first.port), ...args]);
    try {
      for (const [id, bytes, type] of [[processed, png, 'IMAGE'], [unprocessed, mp4, 'VIDEO']] as const) {
        const ready = await waitFor(async () => {
          const f = await getFile(sb, id);
          return f.downloadSource.status === 'ready' && f.previewSource.status === 'ready' ? f : null;
        }, `file ${id} after the restart`, 60_000);
        expect(ready.type).toBe(type);
        const hydrated = (await vg<File>(sb, 'POST', `/v1/files/${id}/hydrate`)).body;
        expect(Buffer.from(await (await fetch(hydrated.downloadSource.url!)).arrayBuffer()).equals(bytes)).toBe(true);
      }
    } finally {
      await second.kill('SIGTERM');
    }
  }, 120_000);

  it('a SIGKILLed sandbox process, started again on its data dir, finishes the export it was rendering', async () => {
    const dir = dataDir();
    const args = ['--processing-ms', '0', '--workflow-ms', '200', '--execution-ms', '150', '--data-dir', dir];
    const first = await startCli(['--port', '0', ...args]);
    const sb = { url: first.url, videogenKey: 'vg_sandbox_key' } as Sandbox;
    const studio = studioClient(clientFor(sb));
    const started = await studio.start('script-to-video', { script: 'Killed while exporting. Finished later.', visualStyle: { type: 'AI_IMAGE', aiStyle: 'crayon' } });
    await studio.waitRun(started.workflowRunId);
    const exportId = await studio.exportProject(started.projectId, { quality: 'STANDARD' });
    await first.kill('SIGKILL');

    const second = await startCli(['--port', String(first.port), ...args]);
    try {
      const e = await studio.waitExport(started.projectId, exportId);
      expect(e.status, JSON.stringify(e.error)).toBe('succeeded');
      const info = probe(await download(e.downloadUrl!));
      expect(info.streams.map((st) => st.codec_type).sort()).toEqual(['audio', 'video']);
      expect(Number(info.format.duration)).toBeGreaterThan(1);
    } finally {
      await second.kill('SIGTERM');
    }
  }, 120_000);
});

/**
 * `npx tsx main/sandbox/cli.ts …` in its own process group, so a kill reaches the sandbox
 * itself (npx and tsx each run the next program as a child).
 */
function startCli(args: string[]): Promise<{ url: string; port: number; kill(signal: NodeJS.Signals): Promise<void> }> {
  const child: ChildProcess = spawn('npx', ['tsx', 'main/sandbox/cli.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ready line within 60 s; stderr: ${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        port: Number(m[2]),
        async kill(signal) {
          // The whole group: npx, tsx and the node process running the sandbox.
          try {
            process.kill(-child.pid!, signal);
          } catch {
            return;
          }
          await exited;
          // Until every process of the group is gone, the sandbox may still hold its data dir.
          await waitFor(async () => !isGroupAlive(child.pid!), 'the sandbox process group to exit', 15_000);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited early (${code}): ${err}`));
    });
  });
}

function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
