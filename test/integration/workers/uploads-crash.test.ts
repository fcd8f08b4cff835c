/**
 * Durable first: a worker process killed with SIGKILL mid-upload (twice, at different
 * points) and started again finishes every upload exactly once — one remote file per upload,
 * nothing lost, nothing left half-done.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { openStore } from '../../../main/store';
import { createWorkerEnv, makePng } from '../../helpers/worker-harness';

const root = join(import.meta.dirname, '../../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface ChildEvent {
  event: string;
  uploadId?: string;
  state?: string;
  bytesSent?: number;
}

function runChild(args: object, until?: (e: ChildEvent) => boolean): { child: ChildProcess; reached: Promise<'reached' | 'exited'>; exited: Promise<number | null> } {
  // Node itself with the tsx loader (not the tsx CLI, whose wrapper would take the SIGKILL
  // and leave the real worker running).
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/helpers/upload-child.ts'), JSON.stringify(args)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(`upload child exited ${code}: ${stderr}`);
      resolve(code);
    }),
  );
  const reached = new Promise<'reached' | 'exited'>((resolve) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let e: ChildEvent;
      try {
        e = JSON.parse(line) as ChildEvent;
      } catch {
        return;
      }
      if (until?.(e)) resolve('reached');
    });
    void exited.then(() => resolve('exited'));
  });
  return { child, reached, exited };
}

describe('uploads survive SIGKILL', () => {
  it('a killed worker process restarts and completes every upload exactly once', async () => {
    const sb = await startSandbox({ processingMs: 300 });
    try {
      const work = mkdtempSync(join(tmpdir(), 'atelier-crash-'));
      const dataDir = mkdtempSync(join(tmpdir(), 'atelier-crash-data-'));
      dirs.push(work, dataDir);
      const paths: string[] = [];
      for (let i = 0; i < 6; i++) {
        // Big enough (≈ 1.5 MB) that a throttled PUT is caught in the middle.
        const p = join(work, `image-${i}.png`);
        writeFileSync(p, Buffer.concat([makePng(1000 + i), Buffer.alloc(1_500_000, i)]));
        paths.push(p);
      }
      const base = { dataDir, baseUrl: sb.url, apiKey: sb.videogenKey };

      // Run 1: killed while some upload is half-way through its PUT.
      const first = runChild({ ...base, paths, bytesPerSecond: 1_000_000 }, (e) => e.state === 'uploading' && (e.bytesSent ?? 0) > 300_000);
      expect(await first.reached).toBe('reached');
      first.child.kill('SIGKILL');
      await first.exited;

      // Run 2: resumes, killed again as soon as another upload is mid-PUT or processing.
      const second = runChild({ ...base, bytesPerSecond: 1_000_000 }, (e) => (e.state === 'uploading' && (e.bytesSent ?? 0) > 600_000) || e.state === 'processing');
      expect(await second.reached).toBe('reached');
      second.child.kill('SIGKILL');
      await second.exited;

      // Run 3: full speed, to the end.
      const third = runChild(base);
      expect(await third.exited).toBe(0);

      const store = openStore(join(dataDir, 'library.db'));
      const uploads = store.uploads.list();
      store.close();
      expect(uploads).toHaveLength(6);
      for (const u of uploads) expect(u.state, `${u.name}: ${JSON.stringify(u.error)}`).toBe('ready');
      const fileIds = uploads.map((u) => u.fileId!);
      expect(new Set(fileIds).size).toBe(6);

      // Exactly one remote file per upload: the same six, nothing else left listed.
      const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
      const listed = (await env.videogen.listFiles({ limit: 200 })).files;
      env.close();
      expect(listed.map((f) => f.fileId).sort()).toEqual([...fileIds].sort());
      expect(listed.every((f) => f.downloadSource?.status === 'ready')).toBe(true);
    } finally {
      await sb.close();
    }
  }, 120_000);
});
