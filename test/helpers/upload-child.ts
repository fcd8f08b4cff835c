/**
 * A separate process running the upload worker on a library folder, so a test can SIGKILL
 * it at any moment and start it again. Usage:
 *   node --import tsx test/helpers/upload-child.ts '{"dataDir":…,"baseUrl":…,"apiKey":…,"paths":[…]?,"bytesPerSecond":…?}'
 * Prints one JSON line per upload event; exits 0 once every upload has finished.
 */
import { createUploadWorker } from '../../main/workers/uploads';
import { createWorkerEnv, throttledPut } from './worker-harness';

interface ChildArgs {
  dataDir: string;
  baseUrl: string;
  apiKey: string;
  paths?: string[];
  bytesPerSecond?: number;
  concurrency?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const env = createWorkerEnv({
  baseUrl: args.baseUrl,
  apiKey: args.apiKey,
  dataDir: args.dataDir,
});
env.events.on('upload.progress', (p) => process.stdout.write(`${JSON.stringify({ event: 'progress', ...p })}\n`));
const worker = createUploadWorker({
  store: env.store,
  poller: env.scheduler,
  videogen: env.videogen,
  connectivity: env.connectivity,
  events: env.events,
  clock: env.clock,
  concurrency: () => args.concurrency ?? 3,
  processingPoll: { firstDelayMs: 100, maxDelayMs: 500 },
  ...(args.bytesPerSecond ? { put: throttledPut(() => args.bytesPerSecond!) } : {}),
});
worker.start();
if (args.paths) {
  const { uploadIds, rejected } = await worker.add(args.paths);
  process.stdout.write(`${JSON.stringify({ event: 'added', uploadIds, rejected })}\n`);
}
const done = () => env.store.uploads.list().every((u) => u.state === 'ready' || u.state === 'failed' || u.state === 'cancelled');
while (!done()) await new Promise((r) => setTimeout(r, 50));
await worker.stop();
process.stdout.write(`${JSON.stringify({ event: 'done' })}\n`);
env.close({ keepData: true });
process.exit(0);
