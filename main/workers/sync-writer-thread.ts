/**
 * A sync page writer on a thread of its own (see sync-writer.ts): a worker thread opens the
 * library on a second connection and stores the pages it is sent, several per transaction. The
 * changes it commits come back and are announced on the app's store, as if written there.
 *
 * While the worker holds a write, a write on the app's own connection waits for it (SQLite
 * allows one writer at a time), so a write holds at most `pagesPerWrite` pages: at the default
 * 10 (2,000 files) that is tens of milliseconds. Reads never wait (write-ahead log).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../kernel/errors';
import type { StoreChange } from '../store';
import type { SyncPage, SyncPageWriter } from './sync-writer';

export interface ThreadWriterOptions {
  /** The library's database file (the app's store must not be in memory). */
  dbPath: string;
  /** The better-sqlite3 build to load in the worker (the one the app's store loaded). */
  nativeBinding?: string;
  /**
   * The worker's entry file. Default: `sync-writer.worker.ts` beside this file, for hosts that
   * run the sources (the web host, tests). The Electron build passes its bundled entry.
   */
  script?: string;
  /** A transaction the worker committed changed these tables (and ids). */
  onChange(change: StoreChange): void;
  pagesPerWrite?: number;
  /** Each committed write: how many pages and how long its transaction took, in the worker. */
  onWrite?(info: { pages: number; ms: number }): void;
}

/** What the worker is sent. */
export type WriterRequest = { type: 'write'; id: number; pages: readonly SyncPage[] } | { type: 'close' };
/** What it answers. */
export type WriterReply =
  | { type: 'done'; id: number; ms: number; changes: StoreChange[] }
  | { type: 'failed'; id: number; message: string };

/** Options the worker starts with (its `workerData`). */
export interface WriterData {
  dbPath: string;
  nativeBinding?: string;
}

export const DEFAULT_PAGES_PER_WRITE = 10;

/** The worker entry beside this file (a host running the sources). */
export function defaultWriterScript(): string {
  return fileURLToPath(new URL('./sync-writer.worker.ts', import.meta.url));
}

/**
 * A worker on the TypeScript sources (the web host and tests run them) registers tsx's loader
 * before it imports its entry: workers do not take the loader the parent was started with.
 * A built entry (.js) starts as it is.
 */
function startWorker(script: string, data: WriterData): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData: data });
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = pathToFileURL(script).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: data, execArgv: [] });
}

export function createThreadWriter(opts: ThreadWriterOptions): SyncPageWriter {
  const script = opts.script ?? defaultWriterScript();
  if (!existsSync(script)) throw new AppError({ kind: 'local', message: `The library sync's writer is missing (${script}).`, retryable: false });
  const data: WriterData = { dbPath: opts.dbPath, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) };
  const worker = startWorker(script, data);
  worker.unref();
  const pending = new Map<number, { pages: number; resolve: () => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  let stopped: AppError | null = null;
  let closing = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  function stop(reason: AppError): void {
    if (!stopped) stopped = reason;
    for (const p of pending.values()) p.reject(stopped);
    pending.clear();
    worker.unref();
  }

  worker.on('message', (m: WriterReply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.type === 'done') {
      for (const change of m.changes) opts.onChange(change);
      opts.onWrite?.({ pages: p.pages, ms: m.ms });
      p.resolve();
    } else {
      p.reject(new AppError({ kind: 'local', message: `Storing synced files failed: ${m.message}`, retryable: false }));
    }
  });
  worker.on('error', (e) => stop(new AppError({ kind: 'local', message: `The library sync's writer stopped: ${e.message}`, retryable: false, cause: e })));
  worker.on('exit', (code) => {
    if (!closing || pending.size > 0) stop(new AppError({ kind: 'local', message: `The library sync's writer stopped (exit code ${code}).`, retryable: false }));
  });

  return {
    pagesPerWrite: Math.max(1, opts.pagesPerWrite ?? DEFAULT_PAGES_PER_WRITE),
    write(pages) {
      if (stopped) return Promise.reject(stopped);
      if (closing) return Promise.reject(new AppError({ kind: 'cancelled', message: 'The library sync stopped.', retryable: false }));
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { pages: pages.length, resolve, reject });
        worker.ref();
        worker.postMessage({ type: 'write', id, pages } satisfies WriterRequest);
      });
    },
    async close() {
      if (closing) return exited;
      closing = true;
      if (stopped) {
        await worker.terminate();
        return;
      }
      // Writes already sent finish first: the worker takes messages in order. Held until it
      // has exited, so a caller awaiting this is not left behind by an emptied event loop.
      worker.ref();
      worker.postMessage({ type: 'close' } satisfies WriterRequest);
      await exited;
    },
  };
}
