/**
 * Background fetching, gentle by design: one download at a time with a pause between them,
 * only while online, newest files first, a bounded number of files per pass, and a small
 * share of the hydrate budget (the API allows 2,500 hydrations an hour for everything;
 * the background may spend `hydratesPerHour` of them, and thumbnails whose URL is already
 * known cost none). Pinned files come first, thumbnail and preview.
 */
import type { Clock } from '../../kernel/clock';
import type { Store } from '../../store';
import type { Connectivity } from '../connectivity';
import { createBackgroundLoop } from '../shared/background-loop';

export interface PrefetchOptions {
  /** Pause between two background downloads (ms). Default 250 (≤ 4/s). */
  intervalMs?: number;
  /** Newest files looked at per pass. Default 2,000. */
  maxFiles?: number;
  /** Hydrations the background may spend per rolling hour. Default 500. */
  hydratesPerHour?: number;
  /** First pass this long after start (ms). Default 10 s; negative: no automatic pass. */
  startDelayMs?: number;
}

export interface Prefetcher {
  start(): void;
  stop(): Promise<void>;
  /** A pass over the library (joins or follows the one running). */
  run(): void;
  pinned(fileIds: readonly string[]): void;
}

const HOUR = 3_600_000;
const PAGE = 200;

export function createPrefetcher(deps: {
  store: Pick<Store, 'files' | 'mediaCache'>;
  clock: Clock;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline'>;
  hydrations: () => number;
  fetchThumb: (fileId: string, allowHydrate: boolean) => Promise<unknown>;
  fetchPreview: (fileId: string) => Promise<unknown>;
} & PrefetchOptions): Prefetcher {
  const intervalMs = deps.intervalMs ?? 250;
  const maxFiles = deps.maxFiles ?? 2_000;
  const hydratesPerHour = deps.hydratesPerHour ?? 500;
  const startDelayMs = deps.startDelayMs ?? 10_000;
  const spent: number[] = [];
  const pinQueue: string[] = [];
  let passWanted = false;
  let wake: (() => void) | null = null;

  function allowance(): boolean {
    const now = deps.clock.now();
    while (spent.length > 0 && spent[0]! < now - HOUR) spent.shift();
    return spent.length < hydratesPerHour;
  }

  /** Runs one background fetch, counting the hydrations it cost against the allowance. */
  async function gently(signal: AbortSignal, work: () => Promise<unknown>): Promise<void> {
    if (!deps.connectivity.online) await deps.connectivity.waitOnline(signal);
    const before = deps.hydrations();
    await work();
    const cost = deps.hydrations() - before;
    for (let i = 0; i < cost; i++) spent.push(deps.clock.now());
    await deps.clock.sleep(intervalMs, signal);
  }

  async function pass(signal: AbortSignal): Promise<void> {
    for (let offset = 0; offset < maxFiles; offset += PAGE) {
      const page = deps.store.files.query({ offset, limit: Math.min(PAGE, maxFiles - offset) });
      for (const item of page.items) {
        if (pinQueue.length > 0) await pins(signal);
        if (!item.hasThumbnail || deps.store.mediaCache.get(item.fileId, 'thumb')) continue;
        await gently(signal, () => deps.fetchThumb(item.fileId, allowance()));
      }
      if (page.items.length < PAGE) return;
    }
  }

  async function pins(signal: AbortSignal): Promise<void> {
    while (pinQueue.length > 0) {
      const fileId = pinQueue.shift()!;
      if (!deps.store.mediaCache.get(fileId, 'thumb')) await gently(signal, () => deps.fetchThumb(fileId, true));
      if (!deps.store.mediaCache.get(fileId, 'preview')) await gently(signal, () => deps.fetchPreview(fileId));
    }
  }

  async function run(signal: AbortSignal): Promise<void> {
    if (startDelayMs >= 0) {
      await deps.clock.sleep(startDelayMs, signal).catch(() => undefined);
      passWanted = true;
    }
    while (!signal.aborted) {
      try {
        await pins(signal);
        if (passWanted) {
          passWanted = false;
          await pass(signal);
        }
      } catch {
        if (signal.aborted) return;
      }
      if (passWanted || pinQueue.length > 0) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      wake = null;
    }
  }

  const background = createBackgroundLoop(run);

  return {
    start: () => background.start(),
    stop: () => background.stop(),
    run() {
      passWanted = true;
      wake?.();
    },
    pinned(fileIds) {
      for (const id of fileIds) if (!pinQueue.includes(id)) pinQueue.push(id);
      wake?.();
    },
  };
}
