/**
 * The composition root: builds the store, the API clients, the workers and the command
 * handlers from plain options, so the same core runs under the Electron host, the web host,
 * a test or a benchmark. Nothing here imports 'electron'.
 *
 *   const core = await createCore({ dataDir, secrets, host: 'web', mediaBase: '/media/' });
 *   core.handlers['library.query'](input, ctx);   // via the router, in practice
 *   core.events.on('store.changed', …);
 *   await core.close();
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { sweepLipsyncInputs } from '../workers/lipsync/inputs-janitor';
import { systemClock } from '../kernel/clock';
import type { ErrorKind } from '../kernel/errors';
import { createRateBudget } from '../api/rate-budget';
import { createSyncClient, SYNC_BASE_URL } from '../api/sync';
import { createVideoGenClient, VIDEOGEN_BASE_URL } from '../api/videogen';
import { nodeSqliteBinding, openStore } from '../store';
import { createConnectivity } from '../workers/connectivity';
import { createExecutionWorker } from '../workers/executions';
import { createLibrarySync } from '../workers/library-sync';
import { createThreadWriter } from '../workers/sync-writer-thread';
import { createMediaCache } from '../workers/media-cache';
import { createPoller } from '../workers/poller';
import { createUploadWorker } from '../workers/uploads';
import { createEventBus } from '../kernel/events';
import { keyRejectedCheckMessage } from '../kernel/key-gate';
import { createHandlers } from './handlers';
import { checkStoredKeys } from './handlers/settings';
import { createKeyRing } from './keys';
import { DEFAULT_MAX_INCOMING_BYTES, openIncomingFolder } from './incoming';
import { reachable } from './probe';
import type { Services } from './services';
import { createStatusReporter } from './status';
import type { Core, CoreOptions } from './types';

export async function createCore(options: CoreOptions): Promise<Core> {
  const dataDir = path.resolve(options.dataDir);
  const incomingDir = path.join(dataDir, 'incoming');
  // The library, the media cache and dropped files are the owner's only (folders 0700, files 0600).
  mkdirSync(incomingDir, { recursive: true, mode: 0o700 });
  const dbPath = path.join(dataDir, 'atelier.db');
  ownerOnlyFile(dbPath);

  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const videogenBaseUrl = options.videogenBaseUrl ?? VIDEOGEN_BASE_URL;
  const syncBaseUrl = options.syncBaseUrl ?? SYNC_BASE_URL;

  const sqlite = options.sqlite ?? { kind: 'node', path: nodeSqliteBinding() };
  const store = openStore(dbPath, { nativeBinding: sqlite.path });
  const incoming = openIncomingFolder(
    incomingDir,
    options.maxIncomingBytes ?? DEFAULT_MAX_INCOMING_BYTES,
    // Failed ones keep their copy too, so Retry can still send it.
    new Set(store.uploads.list().filter((u) => u.state !== 'ready' && u.state !== 'cancelled').map((u) => u.path)),
    (line) => console.warn(line),
  );
  const events = createEventBus();
  const keys = await createKeyRing(options.secrets);
  const budget = createRateBudget({ clock });
  const connectivity = createConnectivity({
    clock,
    events,
    probe: () => reachable(fetchImpl, videogenBaseUrl),
  });
  const onOutcome = (o: { ok: boolean; kind?: ErrorKind; status?: number; endpoint: string }) => {
    connectivity.report(o.kind === undefined ? { ok: o.ok } : { ok: o.ok, kind: o.kind });
    // A 401 while working: the key was revoked. Work that needs it pauses (see kernel/key-gate.ts)
    // until a working key is saved; Settings and the status bar say so.
    if (o.status === 401) {
      const provider = o.endpoint.startsWith('sync:') ? 'sync' : 'videogen';
      if (keys.get(provider) && !keys.rejected(provider)) {
        keys.recordCheck(provider, { ok: false, at: clock.now(), account: null, message: keyRejectedCheckMessage(provider) });
      }
    }
  };

  const videogen = createVideoGenClient({
    baseUrl: videogenBaseUrl,
    apiKey: () => keys.get('videogen'),
    fetch: fetchImpl,
    clock,
    budget,
    onOutcome,
  });
  const sync = createSyncClient({
    baseUrl: syncBaseUrl,
    apiKey: () => keys.get('sync'),
    fetch: fetchImpl,
    clock,
    budget,
    onOutcome,
  });

  // The poller and the execution worker call each other directly (one call each way).
  const poller = createPoller({
    store,
    videogen,
    sync,
    events,
    clock,
    budget,
    onFinished: (view) => executions.finished(view),
    keyGate: keys,
    dataDir,
    fetch: fetchImpl,
    syncOutputHeaders: (): Record<string, string> => {
      const k = keys.get('sync');
      return k ? { 'x-api-key': k } : {};
    },
  });
  const executions = createExecutionWorker({
    store,
    videogen,
    sync,
    connectivity,
    events,
    clock,
    budget,
    keyGate: keys,
    options: { follow: (id) => poller.watch(id) },
  });
  let status: ReturnType<typeof createStatusReporter> | null = null;
  const uploads = createUploadWorker({
    store,
    videogen,
    connectivity,
    events,
    clock,
    incomingDir,
    onIncomingRemoved: (bytes) => incoming.release(bytes),
    poller,
    keyGate: keys,
    budget,
    onWaitChange: () => status?.schedule(),
    concurrency: () => store.settings.get().uploadConcurrency,
  });
  const librarySync = createLibrarySync({
    store,
    videogen,
    clock,
    connectivity,
    // Full passes store their pages on a thread of their own (the event loop stays free).
    writer: () =>
      createThreadWriter({
        dbPath,
        nativeBinding: sqlite.path,
        ...(options.syncWriterScript ? { script: options.syncWriterScript } : {}),
        onChange: (change) => store.announce(change),
      }),
  });
  const media = createMediaCache({ store, videogen, dataDir, clock, connectivity, fetch: fetchImpl });

  const services: Services = {
    options: { ...options, sqlite },
    dataDir,
    clock,
    fetch: fetchImpl,
    store,
    events,
    budget,
    connectivity,
    keys,
    videogen,
    sync,
    uploads,
    executions,
    poller,
    librarySync,
    media,
  };

  // What the renderer hears about: store writes, connectivity and a throttled status.
  const unsubscribers: Array<() => void> = [];
  unsubscribers.push(store.onChange((c) => events.emit('store.changed', c)));
  // A key saved, cleared, checked or rejected (also by a 401 while working): Settings reloads.
  unsubscribers.push(keys.onChange(() => events.emit('store.changed', { tables: ['keys'] })));
  status = createStatusReporter(services);
  unsubscribers.push(() => status?.stop());

  // After each library pass, fetch the thumbnails of whatever it brought in.
  let wasSyncing = false;
  unsubscribers.push(
    librarySync.onProgress((st) => {
      if (wasSyncing && !st.syncing) media.prefetch();
      wasSyncing = st.syncing;
    }),
  );

  // A new VideoGen key means a new library: sync it (and thumbnails) right away.
  unsubscribers.push(
    keys.onChange((p) => {
      if (p === 'videogen' && keys.get('videogen')) void librarySync.sync().catch(() => undefined);
    }),
  );

  const workersOn = options.workers !== false;
  if (workersOn) {
    void checkStoredKeys(services).catch(() => undefined);
    executions.start();
    poller.start();
    uploads.start();
    media.start();
    if (keys.get('videogen')) librarySync.start();
    else
      unsubscribers.push(
        keys.onChange((p) => {
          if (p === 'videogen' && keys.get('videogen')) librarySync.start();
        }),
      );
  }

  // Lip-sync inputs copied from a browser that no run uses: removed after a week (at start, then daily).
  {
    const dir = path.join(dataDir, 'lipsync', 'inputs');
    const referencedStmt = store.db.prepare<[string], number>('SELECT 1 FROM executions WHERE instr(request_json, ?) > 0 LIMIT 1').pluck();
    const sweep = () =>
      void sweepLipsyncInputs({ dir, now: clock.now(), referenced: (p) => referencedStmt.get(JSON.stringify(p).slice(1, -1)) === 1 }).catch(() => undefined);
    const first = setTimeout(sweep, 60_000);
    const daily = setInterval(sweep, 24 * 3_600_000);
    first.unref?.();
    daily.unref?.();
    unsubscribers.push(() => {
      clearTimeout(first);
      clearInterval(daily);
    });
  }

  let closing: Promise<void> | null = null;
  return {
    handlers: createHandlers(services),
    events,
    lipsyncInputsDir: path.join(dataDir, 'lipsync', 'inputs'),
    incomingDir,
    incoming,
    media: (fileId, kind, opts) => media.get(fileId, kind, opts),
    acceptIncomingFile: (tempPath, originalName) => uploads.addIncoming(tempPath, originalName),
    incomingTarget: (uploadId) => uploads.incomingTarget(uploadId),
    acceptReserved: (uploadId) => uploads.received(uploadId),
    close() {
      closing ??= (async () => {
        for (const off of unsubscribers.splice(0)) off();
        await stopAll(
          { executions: () => executions.stop(), poller: () => poller.stop(), uploads: () => uploads.stop(), 'media cache': () => media.stop(), 'library sync': () => librarySync.stop() },
          (line) => console.warn(line),
        );
        connectivity.stop();
        store.close();
      })();
      return closing;
    },
  };
}

/**
 * Creates `file` empty with mode 0600 when it does not exist (SQLite would create it 0644, and
 * its -wal/-shm files take the database file's mode), or takes group/other access away from one
 * that has it.
 */
function ownerOnlyFile(file: string): void {
  if (process.platform === 'win32') return;
  try {
    const st = statSync(file);
    if ((st.mode & 0o077) !== 0) chmodSync(file, st.mode & 0o700);
  } catch {
    closeSync(openSync(file, 'a', 0o600));
  }
}

/**
 * Stops the workers together. Stopping normally takes a moment; past `slowMs` (and every
 * `slowMs` after) the log names the ones still stopping, so a slow quit is never silent.
 */
export async function stopAll(parts: Record<string, () => Promise<void>>, log: (line: string) => void, slowMs = 3_000): Promise<void> {
  const pending = new Set(Object.keys(parts));
  const t0 = Date.now();
  const tell = setInterval(() => {
    log(`Stopping Atelier: still waiting for ${[...pending].join(', ')} after ${Math.round((Date.now() - t0) / 1000)} s.`);
  }, slowMs);
  try {
    await Promise.allSettled(
      Object.entries(parts).map(async ([name, stop]) => {
        try {
          await stop();
        } finally {
          pending.delete(name);
        }
      }),
    );
  } finally {
    clearInterval(tell);
  }
}
