/**
 * Peak RSS growth of one large streamed PUT, in a process of its own (so an earlier test's
 * memory, kept by the allocator, can't hide this one's growth). Used by upload.test.ts:
 *   node --import tsx test/unit/api/upload-memory-child.ts <putUpload|putAsset> <url> <bytes> [file]
 * Sends `bytes` of distinct 1 MiB chunks (a fresh buffer each, as a file stream gives), or the
 * file as a `{ path }` body when one is named, and prints `{"growth": <bytes>}`. RSS is sampled
 * every 10 ms; `global.gc` is not needed.
 */
import { Readable } from 'node:stream';
import { createRateBudget } from '../../../main/api/rate-budget';
import { createSyncClient } from '../../../main/api/sync';
import { createVideoGenClient } from '../../../main/api/videogen';
import { systemClock } from '../../../main/kernel/clock';

const [method, url, bytes, file] = process.argv.slice(2);
const size = Number(bytes);
const CHUNK = 1024 * 1024;

function distinctChunks(): Readable {
  let sent = 0;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(CHUNK, size - sent);
      this.push(Buffer.allocUnsafe(n).fill(sent / CHUNK));
      sent += n;
    },
  });
}

const budget = createRateBudget({ clock: systemClock });
const common = { baseUrl: 'http://127.0.0.1:9', fetch, clock: systemClock, budget };
// Warm up (module loading, JIT, the first socket) before the baseline is taken.
const warm = createVideoGenClient({ ...common, apiKey: () => 'k' });
await warm.putUpload(url!, Buffer.alloc(CHUNK), { size: CHUNK });

const before = process.memoryUsage.rss();
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
if (method === 'putAsset') {
  const sync = createSyncClient({ ...common, apiKey: () => 'secret-sync' });
  await sync.putAsset(url!, file ? { path: file } : distinctChunks(), { contentType: 'video/mp4', size });
} else {
  const vg = createVideoGenClient({ ...common, apiKey: () => 'secret-vg' });
  await vg.putUpload(url!, file ? { path: file } : distinctChunks(), { size });
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
process.stdout.write(`${JSON.stringify({ growth: peak - before })}\n`);
