// The sandbox: a local, faithful twin of the VideoGen v1 and Sync v2 APIs on one port.
// See README-level notes in server.ts (pipeline), faults.ts, rate-limit.ts,
// videogen/file-state.ts and videogen/tools/executions.ts (simulated timelines), state.ts
// (persistence when a data dir is given).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
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
import { openStateStore } from './state';
import { Signer } from './storage/signing';
import { SyncService } from './sync/service';
import { syncRoutes } from './sync/routes';
import { resolveOwnMediaPath } from './videogen/media-routes';
import { videogenRoutes } from './videogen/routes';
import { VideoGenService } from './videogen/service';
import type { WebhookDelivery } from './videogen/webhook-outbox';

export type { SandboxFaults, SandboxOptions } from './options';
export type { WebhookDelivery } from './videogen/webhook-outbox';
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
  /** Moves the sandbox clock forward (processing, executions, URL expiry, rate windows); persisted with a data dir. */
  advance(ms: number): void;
  /**
   * Sandbox extension: the webhook deliveries it would have POSTed (it has no outbound network),
   * oldest first, with their Standard Webhooks headers signed with each endpoint's secret.
   */
  webhookDeliveries(): WebhookDelivery[];
}

export async function startSandbox(opts?: SandboxOptions): Promise<Sandbox> {
  const options = resolveOptions(opts);
  // A given data dir is persistent (state.ts); without one, a temp dir that close() deletes.
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'atelier-sandbox-')));
  await mkdir(dataDir, { recursive: true });
  const state = openStateStore(ownsDataDir ? null : dataDir, options.sqliteBinding);

  const pending = new Set<Promise<unknown>>();
  let closing = false;
  let baseUrl = '';
  const log = (message: string) => {
    if (!closing) process.stderr.write(`${message}\n`);
  };
  const runner = new FfmpegRunner(options.ffmpegPath, options.ffprobePath, 1, (message) => log(`sandbox: ${message}`));
  let server: Server | null = null;
  let rateTimer: NodeJS.Timeout | null = null;

  try {
    const clock = new SandboxClock(options.clock);
    const offset = Number(state.getMeta('clock-offset') ?? 0);
    if (Number.isFinite(offset) && offset > 0) clock.advance(offset);
    // Persisted, so URLs and cursors handed out before a restart still verify.
    const secret = state.secret();
    const ids = new IdFactory(options.seed);
    const idState = state.getMeta('ids');
    if (idState) ids.restore(idState);
    // Every write transaction also records where the id sequence stands.
    state.setWriteHook(() => [['ids', ids.state()]]);

    const faults = new FaultInjector(options.seed, options.faults);
    const env: SandboxEnv = {
      options,
      faults,
      clock,
      ids,
      signer: new Signer(secret),
      cursors: new CursorCodec(secret),
      baseUrl: () => baseUrl,
      dataDir,
      runner,
      media: new MediaFactory(runner, options.mediaCacheDir ?? path.join(dataDir, 'media-cache')),
      background(work) {
        const tracked = work.catch((err: unknown) => log(`sandbox: background job failed: ${err instanceof Error ? err.message : String(err)}`));
        pending.add(tracked);
        void tracked.finally(() => pending.delete(tracked));
      },
      state,
      closing: () => closing,
    };

    const limiter = new RateLimiter(options.rateLimits, () => clock.now());
    const saveRateWindows = () => {
      rateTimer = null;
      state.setMeta('rate-windows', JSON.stringify(limiter.snapshot()));
    };
    if (state.durable) {
      limiter.restore(parseRateWindows(state.getMeta('rate-windows')));
      // Counted on every API request, so saved at most once a second (a crash forgets < 1 s of counts).
      limiter.onChange = () => {
        rateTimer ??= setTimeout(saveRateWindows, 1000).unref();
      };
    }
    const videogen = new VideoGenService(env);
    const sync = new SyncService(env, (url, now) => resolveOwnMediaPath(videogen, url, now));
    const router = new Router();
    router.addAll(videogenRoutes(videogen, faults));
    router.addAll(syncRoutes(sync, faults));

    const stats = new Map<string, number>();
    const http = createServer(
      { requestTimeout: 0, keepAliveTimeout: 5000 },
      createRequestHandler({ router, options, clock, faults, limiter, stats, beforeVideoGen: (now) => videogen.settle(now), log }),
    );
    server = http;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    const port = (http.address() as AddressInfo).port;
    baseUrl = `http://${urlHost(options.host)}:${port}`;

    // Media work a previous run on this data dir left unfinished.
    const resumed = { ...videogen.resume(), generations: sync.resume() };
    if (resumed.uploads + resumed.executions + resumed.renders + resumed.generations > 0) {
      log(
        `sandbox: resuming ${resumed.uploads} upload(s), ${resumed.executions} tool execution(s), ${resumed.renders} project render(s) and ` +
          `${resumed.generations} Sync generation(s) left unfinished in ${dataDir}`,
      );
    }

    let closed: Promise<void> | null = null;
    return {
      url: baseUrl,
      port,
      videogenKey: options.videogenKeys[0]!,
      syncKey: options.syncKeys[0]!,
      setFaults: (f) => faults.set(f),
      stats: () => ({ requests: Object.fromEntries(stats) }),
      webhookDeliveries: () => videogen.outbox.list(),
      advance: (ms) => {
        clock.advance(ms);
        state.setMeta('clock-offset', String(clock.offset()));
      },
      close() {
        closed ??= (async () => {
          if (rateTimer) {
            clearTimeout(rateTimer);
            saveRateWindows();
          }
          closing = true;
          // Jobs killed below must not be recorded as failures; a restart resumes them.
          state.freeze();
          const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
          http.closeAllConnections();
          runner.close();
          await stopped;
          await Promise.allSettled([...pending]);
          state.close();
          if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
        })();
        return closed;
      },
    };
  } catch (err) {
    closing = true;
    if (rateTimer) clearTimeout(rateTimer);
    state.freeze();
    runner.close();
    server?.close();
    await Promise.allSettled([...pending]);
    state.close();
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

function parseRateWindows(raw: string | undefined): Array<[string, number, number]> {
  if (!raw) return [];
  try {
    const value = JSON.parse(raw) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter((e): e is [string, number, number] => Array.isArray(e) && typeof e[0] === 'string' && Number.isFinite(e[1]) && Number.isFinite(e[2]));
  } catch {
    return [];
  }
}

/** The host to put in URLs: wildcard binds are reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
