/** Shared set-up for store tests: a real SQLite file in a temp dir, a controllable clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StorageFileSchema } from '../../../main/api/videogen-schemas';
import type { StorageFile } from '../../../main/api/videogen-schemas';
import { openStore } from '../../../main/store/index';
import type { OpenStoreOptions, Store, StoreChange } from '../../../main/store/index';

export const T0 = 1_777_982_400_000; // 2026-05-05T12:00Z, like the API fixtures

export interface TestClock {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function clock(start = T0): TestClock {
  let t = start;
  return { now: () => t, set: (ms) => (t = ms), advance: (ms) => (t += ms) };
}

export interface TempStore {
  store: Store;
  dir: string;
  file: string;
  clock: TestClock;
  changes: StoreChange[];
  reopen(options?: OpenStoreOptions): Store;
  cleanup(): void;
}

export function tempDir(prefix = 'atelier-store-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function tempStore(options: OpenStoreOptions = {}): TempStore {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');
  const c = clock();
  const changes: StoreChange[] = [];
  const open = (o: OpenStoreOptions = {}): Store => {
    const s = openStore(file, { now: c.now, ...options, ...o });
    s.onChange((ch) => changes.push(ch));
    return s;
  };
  const t: TempStore = {
    store: open(),
    dir,
    file,
    clock: c,
    changes,
    reopen(o) {
      t.store.close();
      t.store = open(o);
      return t.store;
    },
    cleanup() {
      try {
        t.store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return t;
}

/** A StorageFile as the API client hands it over (parsed by the real schema). */
export function file(fields: Partial<Record<keyof StorageFile, unknown>> & { fileId: string }): StorageFile {
  return StorageFileSchema.parse({ scope: 'GLOBAL', displayName: fields.fileId, ...fields });
}

export function source(status: 'pending' | 'ready' | 'failed' | 'skipped', extra: Record<string, unknown> = {}) {
  return { status, url: null, expiresAt: null, width: null, height: null, fileBytes: null, ...extra };
}

/** The spec fixtures (videogen-storagefile-after-upload.json, …-video-ready-hydrated.json). */
export const AFTER_UPLOAD = {
  fileId: 'vg_file_Qm3xT9aLk2VbN7cR4pWz8g',
  type: null,
  scope: 'GLOBAL',
  displayName: 'interview-take-3.mov',
  description: null,
  durationSeconds: null,
  transcript: null,
  thumbnailSource: source('pending'),
  previewSource: source('pending'),
  downloadSource: source('pending'),
  hlsSource: source('pending'),
  isPublicPreviewEnabled: false,
  staticPublicPreviewSource: null,
  publicHlsUrl: null,
  publicPlaybackId: null,
  fileAnalysisMetadata: { analysisLoadingState: 'UNATTEMPTED', analysisProgressPercentage: 0, analysisAttemptIndex: 0 },
};

export const HYDRATED = {
  fileId: 'vg_file_Qm3xT9aLk2VbN7cR4pWz8g',
  type: 'VIDEO',
  scope: 'GLOBAL',
  displayName: 'interview-take-3.mov',
  description: 'A woman in a denim jacket speaks to camera in a sunlit studio.',
  durationSeconds: 12.5,
  transcript: 'Thanks for having me. Today I want to talk about light.',
  thumbnailSource: source('ready', { url: 'https://image.media.videogen.io/example/thumbnail.jpg?token=abc', expiresAt: 1777986000, width: 426, height: 240, fileBytes: 18342 }),
  previewSource: source('ready', { url: 'https://stream.media.videogen.io/example/720p.mp4?token=abc', expiresAt: 1777986000, width: 1280, height: 720, fileBytes: 2500000 }),
  downloadSource: source('ready', { url: 'https://stream.media.videogen.io/example/1080p.mp4?token=abc', expiresAt: 1777986000, width: 1920, height: 1080, fileBytes: 8650000 }),
  hlsSource: source('ready', { url: 'https://stream.media.videogen.io/example.m3u8?token=abc', expiresAt: 1777986000 }),
  isPublicPreviewEnabled: true,
  staticPublicPreviewSource: source('ready', { url: 'https://public-previews.videogen.io/vg_file_Qm3xT9aLk2VbN7cR4pWz8g.mp4', width: 1920, height: 1080, fileBytes: 8650000 }),
  publicHlsUrl: 'https://stream.media.videogen.io/Wk8s02xQv5dFq7b9nR3tJc01mZpL4aYe.m3u8',
  publicPlaybackId: 'vg_play_V2s4czAyeFF2NWRGcTdiOW5SM3RKYzAxbVpwTDRhWWU',
  fileAnalysisMetadata: { analysisLoadingState: 'FULFILLED', analysisProgressPercentage: 100 },
};

/** The same file as a non-hydrated list page shows it: sources without URLs. */
export function listed(base: typeof HYDRATED, overrides: Record<string, unknown> = {}) {
  const strip = (s: ReturnType<typeof source>) => ({ ...s, url: null, expiresAt: null });
  return {
    ...base,
    thumbnailSource: strip(base.thumbnailSource),
    previewSource: strip(base.previewSource),
    downloadSource: strip(base.downloadSource),
    hlsSource: strip(base.hlsSource),
    ...overrides,
  };
}
