// The sandbox: a local, faithful twin of the VideoGen v1 and Sync v2 APIs on one port.
// See README-level notes in server.ts (pipeline), faults.ts, rate-limit.ts,
// videogen/file-state.ts and videogen/tools/executions.ts (simulated timelines).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SandboxClock } from './clock';
import { CursorCodec } from './cursor';
import { IdFactory, type SandboxEnv } from './env';
import { FaultInjector } from './faults';
import { MediaFactory } from './media/factory';
import { FfmpegRunner } from './media/ffmpeg';
import { resolveOptions, type SandboxOptions } from './options';
import { RateLimiter } from './rate-limit';
import { Router } from './router';
import { createRequestHandler } from './server';
import { Signer } from './storage/signing';
import { SyncService } from './sync/service';
import { syncRoutes } from './sync/routes';
import { resolveOwnMediaPath } from './videogen/media-routes';
import { videogenRoutes } from './videogen/routes';
import { VideoGenService } from './videogen/service';

export type { SandboxFaults, SandboxOptions } from './options';
export { DEFAULT_SYNC_KEY, DEFAULT_VIDEOGEN_KEY } from './options';
export { RATE_LIMIT_DEFAULTS } from './rate-limit';

export interface Sandbox {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The first accepted keys. */
  videogenKey: string;
  syncKey: string;
  close(): Promise<void>;
  /** Replaces the fault profile at run time. */
  setFaults(f: SandboxOptions['faults']): void;
  /** Request counts by "METHOD /route-template" (unmatched paths: "METHOD (unmatched)"). */
  stats(): { requests: Record<string, number> };
  /** Moves the sandbox clock forward (processing, executions, URL expiry, rate windows). */
  advance(ms: number): void;
}

export async function startSandbox(opts?: SandboxOptions): Promise<Sandbox> {
  const options = resolveOptions(opts);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'atelier-sandbox-')));
  await mkdir(dataDir, { recursive: true });

  const clock = new SandboxClock(options.clock);
  const secret = randomBytes(32);
  const runner = new FfmpegRunner(options.ffmpegPath, options.ffprobePath, 1);
  const media = new MediaFactory(runner, options.mediaCacheDir ?? path.join(dataDir, 'media-cache'));
  const pending = new Set<Promise<unknown>>();
  let closing = false;
  let baseUrl = '';
  const log = (message: string) => {
    if (!closing) process.stderr.write(`${message}\n`);
  };

  const env: SandboxEnv = {
    options,
    clock,
    ids: new IdFactory(options.seed),
    signer: new Signer(secret),
    cursors: new CursorCodec(secret),
    baseUrl: () => baseUrl,
    dataDir,
    runner,
    media,
    background(work) {
      const tracked = work.catch((err: unknown) => log(`sandbox: background job failed: ${err instanceof Error ? err.message : String(err)}`));
      pending.add(tracked);
      void tracked.finally(() => pending.delete(tracked));
    },
  };

  const faults = new FaultInjector(options.seed, options.faults);
  const limiter = new RateLimiter(options.rateLimits, () => clock.now());
  const videogen = new VideoGenService(env);
  const sync = new SyncService(env, (url, now) => resolveOwnMediaPath(videogen, url, now));
  const router = new Router();
  router.addAll(videogenRoutes(videogen, faults));
  router.addAll(syncRoutes(sync, faults));

  const stats = new Map<string, number>();
  const server = createServer(
    { requestTimeout: 0, keepAliveTimeout: 5000 },
    createRequestHandler({ router, options, clock, faults, limiter, stats, beforeVideoGen: (now) => videogen.settle(now), log }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${urlHost(options.host)}:${port}`;

  let closed: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    videogenKey: options.videogenKeys[0]!,
    syncKey: options.syncKeys[0]!,
    setFaults: (f) => faults.set(f),
    stats: () => ({ requests: Object.fromEntries(stats) }),
    advance: (ms) => clock.advance(ms),
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        runner.close();
        await stopped;
        await Promise.allSettled([...pending]);
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/** The host to put in URLs: wildcard binds are reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
