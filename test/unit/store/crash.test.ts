import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store/index';
import { tempStore } from './helpers';
import type { TempStore } from './helpers';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const child = path.join(root, 'test/unit/store/crash-child.ts');
const BATCH = 5_000;

let t: TempStore | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

/** Runs the writer until it has committed `after` batches and begun the next, waits `delayMs`, kills it. */
function runAndKill(file: string, after: number, delayMs: number): Promise<{ committed: number; begun: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, file, String(BATCH)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    let begun = 0;
    let out = '';
    let err = '';
    let killing = false;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        const [what, n] = line.split(' ');
        if (what === 'commit') committed = Number(n) + 1;
        if (what === 'begin') begun = Number(n) + 1;
        if (!killing && what === 'begin' && Number(n) === after) {
          killing = true;
          setTimeout(() => p.kill('SIGKILL'), delayMs);
        }
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (code ${code}): ${err}`));
      else resolve({ committed, begun });
    });
  });
}

describe('crash safety', () => {
  for (const delayMs of [5, 60, 250]) {
    it(`a writer killed with SIGKILL mid-batch (${delayMs} ms in) leaves whole batches only`, async () => {
      // Retry in the rare case the kill fell in the instant between one batch's commit and the next begin.
      let run = { committed: 0, begun: 0 };
      for (let attempt = 0; attempt < 3 && run.begun <= run.committed; attempt++) {
        t?.cleanup();
        t = tempStore();
        t.store.close();
        run = await runAndKill(t.file, 1, delayMs);
      }
      const { committed, begun } = run;
      expect(committed).toBeGreaterThanOrEqual(1);
      expect(begun).toBeGreaterThan(committed); // the kill landed inside a batch

      const temp = t!;
      const store = openStore(temp.file);
      temp.store = store;
      const files = store.files.count({ includeTemporary: true });
      expect(files % BATCH).toBe(0);
      const batches = files / BATCH;
      // Either the interrupted batch committed entirely (killed between COMMIT and the log line) or not at all.
      expect([committed, committed + 1]).toContain(batches);
      expect(store.uploads.list()).toHaveLength(batches);
      expect(store.librarySync.get().items).toBe(files);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(() => store.db.prepare("INSERT INTO files_fts (files_fts) VALUES ('integrity-check')").run()).not.toThrow();
      expect(store.db.prepare('SELECT count(*) FROM files_fts_docsize').pluck().get()).toBe(files);
      // The library is usable: search and writes work.
      expect(store.search.searchLocal('a', 5).length).toBeGreaterThan(0);
      store.settings.set({ theme: 'light' });
    }, 60_000);
  }
});
