/**
 * The fault profile: 5xx, 429, connections reset half-way through PUTs and truncated JSON
 * bodies (whose requests still took effect) over 200 small uploads. Every upload must end
 * ready, with exactly one remote file each (twins of re-sent creates are archived).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { createUploadWorker } from '../../../main/workers/uploads';
import { createWorkerEnv, makePng, until } from '../../helpers/worker-harness';

const COUNT = 200;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('uploads under the fault profile', () => {
  it(`${COUNT} uploads through 5xx, 429, PUT resets and malformed JSON all end ready, one remote file each`, async () => {
    const sb = await startSandbox({
      processingMs: 200,
      seed: 7,
      faults: { error5xx: 0.1, error429: 0.05, putReset: 0.15, malformedJson: 0.1 },
    });
    const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
    const worker = createUploadWorker({
      store: env.store,
      poller: env.scheduler,
      videogen: env.videogen,
      connectivity: env.connectivity,
      events: env.events,
      clock: env.clock,
      concurrency: () => 6,
      processingPoll: { firstDelayMs: 100, maxDelayMs: 400 },
      log: () => undefined,
    });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'atelier-faults-'));
      dirs.push(dir);
      for (let i = 0; i < COUNT; i++) writeFileSync(join(dir, `img-${String(i).padStart(3, '0')}.png`), makePng(5000 + i));
      worker.start();
      const { uploadIds, rejected } = await worker.add([dir]);
      expect(rejected).toEqual([]);
      expect(uploadIds).toHaveLength(COUNT);
      try {
        await until(
          () => env.store.uploads.list().every((u) => u.state === 'ready' || u.state === 'failed' || u.state === 'cancelled'),
          'every upload finished',
          170_000,
          200,
        );
      } catch (e) {
        const stuck = env.store.uploads.list().filter((u) => u.state !== 'ready');
        console.log('not finished:', stuck.map((u) => `${u.name} ${u.state} sent=${u.bytesSent} ${u.error?.message ?? ''}`));
        throw e;
      }
      const uploads = env.store.uploads.list();
      const slowest = [...uploads].sort((a, b) => b.updatedAt - b.createdAt - (a.updatedAt - a.createdAt)).slice(0, 3);
      console.log(`slowest uploads: ${slowest.map((u) => `${u.name} ${((u.updatedAt - u.createdAt) / 1000).toFixed(1)} s (${u.attempts} creates)`).join(', ')}`);
      const failed = uploads.filter((u) => u.state !== 'ready');
      expect(failed.map((u) => `${u.name}: ${u.error?.message}`)).toEqual([]);

      // The faults really happened.
      const stats = sb.stats().requests;
      expect(stats['POST /v1/files/upload']!).toBeGreaterThan(COUNT);
      expect(stats['PUT /storage/uploads/{fileId}/primary-source']!).toBeGreaterThan(COUNT);

      // Exactly one listed remote file per upload: the uploads' own.
      sb.setFaults({});
      await worker.stop();
      const listedFiles = [];
      let cursor: string | null = null;
      do {
        const page = await env.videogen.listFiles({ limit: 200, cursor });
        listedFiles.push(...page.files);
        cursor = page.nextCursor;
      } while (cursor);
      const listed = listedFiles.map((f) => f.fileId);
      const ours = uploads.map((u) => u.fileId!);
      const extra = listedFiles.filter((f) => !ours.includes(f.fileId));
      if (extra.length > 0) console.log('left over:', extra.map((f) => ({ id: f.fileId, name: f.displayName, type: f.type, dl: f.downloadSource?.status, at: listed.indexOf(f.fileId) })));
      expect(new Set(ours).size).toBe(COUNT);
      expect(listed.sort()).toEqual([...ours].sort());
    } finally {
      await worker.stop();
      env.close();
      await sb.close();
    }
  }, 200_000);
});
