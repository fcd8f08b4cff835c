/**
 * The worker thread of the library sync's writer (sync-writer-thread.ts): opens the library on
 * a connection of its own and stores each batch of pages it is sent in one transaction,
 * answering with the changes it committed. SQLite's own checkpoints run in this thread too,
 * inside whichever commit crosses the mark, where they hold up nothing but this worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store';
import type { StoreChange } from '../store';
import { storeSyncPages } from './sync-writer';
import type { WriterData, WriterReply, WriterRequest } from './sync-writer-thread';

const port = parentPort;
if (!port) throw new Error('sync-writer.worker runs as a worker thread only.');
const data = workerData as WriterData;
// A write of the app's own connection in progress: wait for it rather than fail.
const store = openStore(data.dbPath, { busyTimeoutMs: 30_000, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
const committed: StoreChange[] = [];
store.onChange((c) => committed.push(c));

port.on('message', (m: WriterRequest) => {
  if (m.type === 'close') {
    store.close();
    port.close();
    return;
  }
  const t0 = performance.now();
  let reply: WriterReply;
  try {
    storeSyncPages(store, m.pages);
    reply = { type: 'done', id: m.id, ms: performance.now() - t0, changes: committed.splice(0) };
  } catch (e) {
    committed.length = 0;
    reply = { type: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
