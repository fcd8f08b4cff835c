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
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../kernel/clock';
import type { ErrorKind } from '../kernel/errors';
import { createRateBudget } from '../api/rate-budget';
import { createSyncClient, SYNC_BASE_URL } from '../api/sync';
import { createVideoGenClient, VIDEOGEN_BASE_URL } from '../api/videogen';
import { nodeSqliteBinding, openStore } from '../store';
import { createConnectivity } from '../workers/connectivity';
import { createExecutionWorker } from '../workers/executions';
import { createLibrarySync } from '../workers/library-sync';
import { createMediaCache } from '../workers/media-cache';
import { createPoller } from '../workers/poller';
import { createUploadWorker } from '../workers/uploads';
import { createEventBus } from '../kernel/events';
import { createHandlers } from './handlers';
import { checkStoredKeys } from './handlers/settings';
import { createKeyRing } from './keys';
import { reachable } from './probe';
import type { Services } from './services';
import { createStatusReporter } from './status';
import type { Core, CoreOptions } from './types';

export async function createCore(options: CoreOptions): Promise<Core> {
  const dataDir = path.resolve(options.dataDir);
  const incomingDir = path.join(dataDir, 'incoming');
  mkdirSync(incomingDir, { recursive: true });

  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const videogenBaseUrl = options.videogenBaseUrl ?? VIDEOGEN_BASE_URL;
  const syncBaseUrl = options.syncBaseUrl ?? SYNC_BASE_URL;

  const sqlite = options.sqlite ?? { kind: 'node', path: nodeSqliteBinding() };
  const store = openStore(path.join(dataDir, 'atelier.db'), { nativeBinding: sqlite.path });
  const events = createEventBus();
  const keys = await createKeyRing(options.secrets);
  const budget = createRateBudget({ clock });
  const connectivity = createConnectivity({
    clock,
    events,
    probe: () => reachable(fetchImpl, videogenBaseUrl),
  });
  const onOutcome = (o: { ok: boolean; kind?: ErrorKind }) =>
    connectivity.report(o.kind === undefined ? { ok: o.ok } : { ok: o.ok, kind: o.kind });

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
    options: { follow: (id) => poller.watch(id) },
  });
  const uploads = createUploadWorker({
    store,
    videogen,
    connectivity,
    events,
    clock,
    incomingDir,
    poller,
    concurrency: () => store.settings.get().uploadConcurrency,
  });
  const librarySync = createLibrarySync({ store, videogen, clock, connectivity });
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
  const status = createStatusReporter(services);
  unsubscribers.push(() => status.stop());

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

  let closing: Promise<void> | null = null;
  return {
    handlers: createHandlers(services),
    events,
    incomingDir,
    media: (fileId, kind, opts) => media.get(fileId, kind, opts),
    acceptIncomingFile: (tempPath, originalName) => uploads.addIncoming(tempPath, originalName),
    close() {
      closing ??= (async () => {
        for (const off of unsubscribers.splice(0)) off();
        await Promise.allSettled([executions.stop(), poller.stop(), uploads.stop(), media.stop(), librarySync.stop()]);
        connectivity.stop();
        store.close();
      })();
      return closing;
    },
  };
}
