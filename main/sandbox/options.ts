// Public option types of the sandbox and their defaults.
import { lazyEspeak } from './media/narration';
import { lazyMediaTool } from './media/tools';

export interface SandboxFaults {
  /** Share (0..1) of API requests answered with a 5xx error body instead of being handled. */
  error5xx?: number;
  /** Share (0..1) of API requests answered 429 instead of being handled. */
  error429?: number;
  /** Share (0..1) of presigned PUTs whose socket is destroyed half-way through the body. */
  putReset?: number;
  /** Milliseconds added before every API request and presigned PUT is handled. */
  latencyMs?: number;
  /** Share (0..1) of JSON API responses whose body is cut short (the request still took effect). */
  malformedJson?: number;
  /**
   * The account is out of credits: VideoGen tool / workflow / remix starts and text generation
   * answer 402 `insufficient_credits`, Sync `POST /v2/generate` answers 402 (after validation).
   */
  insufficientCredits?: boolean;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  /**
   * Where uploads, renders and the state database live. Given: the sandbox is persistent (a
   * restart on the same dir keeps every file, execution, generation, asset, webhook, signed URL
   * and rate window). Omitted: a temp dir, deleted on close (every start is fresh).
   */
  dataDir?: string;
  videogenKeys?: string[];
  syncKeys?: string[];
  seed?: number;
  seedFiles?: number;
  processingMs?: number;
  executionMs?: number;
  /** Simulated workflow run time (default: twice `executionMs`). Exports and remix actions take `executionMs`. */
  workflowMs?: number;
  syncGenerationMs?: number;
  uploadUrlTtlS?: number;
  signedUrlTtlS?: number;
  /** Per-key limits by bucket name; see RATE_LIMIT_DEFAULTS in rate-limit.ts for the keys. */
  rateLimits?: Partial<Record<string, number>>;
  faults?: SandboxFaults;
  clock?: () => number;
  /** Sandbox extension: Sync concurrent PENDING+PROCESSING generations per key (Free plan: 1). */
  syncConcurrency?: number;
  /**
   * Sandbox extension: where rendered media variants are cached. Default `<dataDir>/media-cache`.
   * Point several sandboxes (e.g. test files) at one directory to share renders across runs.
   */
  mediaCacheDir?: string;
  /**
   * The better-sqlite3 native module for a persistent sandbox's state (the Electron host passes
   * its Electron build; plain Node uses the installed one).
   */
  sqliteBinding?: string;
  /**
   * Sandbox extension: ffmpeg / ffprobe binaries. Default (media/tools.ts): ATELIER_FFMPEG /
   * ATELIER_FFPROBE, else the first on PATH, else the npm-bundled static binaries; resolved at
   * the first media job.
   */
  ffmpegPath?: string;
  ffprobePath?: string;
  /**
   * Sandbox extension: the espeak-ng that speaks project narration. Default: `espeak-ng` on PATH
   * (found at the first narration); `null` = never speak, narrate with a tone instead.
   */
  espeakPath?: string | null;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  dataDir: string | undefined;
  videogenKeys: string[];
  syncKeys: string[];
  seed: number;
  seedFiles: number;
  processingMs: number;
  executionMs: number;
  workflowMs: number;
  syncGenerationMs: number;
  uploadUrlTtlS: number;
  signedUrlTtlS: number;
  rateLimits: Partial<Record<string, number>>;
  faults: SandboxFaults;
  clock: () => number;
  syncConcurrency: number;
  mediaCacheDir: string | undefined;
  sqliteBinding: string | undefined;
  /** Resolved lazily (a missing ffmpeg fails the first media job, not the start). */
  ffmpegPath: () => string;
  ffprobePath: () => string;
  /** espeak-ng, or null when narration uses a tone (resolved lazily, never throws). */
  espeakPath: () => string | null;
}

export const DEFAULT_VIDEOGEN_KEY = 'vg_sandbox_key';
export const DEFAULT_SYNC_KEY = 'sync_sandbox_key';

export const DEFAULTS = {
  host: '127.0.0.1',
  seed: 1,
  processingMs: 1500,
  executionMs: 4000,
  syncGenerationMs: 6000,
  uploadUrlTtlS: 900,
  signedUrlTtlS: 3600,
  syncConcurrency: 1,
} as const;

export function resolveOptions(opts: SandboxOptions = {}): ResolvedOptions {
  const keys = (list: string[] | undefined, fallback: string): string[] => {
    const cleaned = (list ?? []).filter((k) => typeof k === 'string' && k.length > 0);
    return cleaned.length > 0 ? cleaned : [fallback];
  };
  const nonNegative = (value: number | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`sandbox option ${name} must be a non-negative number`);
    return value;
  };
  return {
    port: nonNegative(opts.port, 0, 'port'),
    host: opts.host ?? DEFAULTS.host,
    dataDir: opts.dataDir,
    videogenKeys: keys(opts.videogenKeys, DEFAULT_VIDEOGEN_KEY),
    syncKeys: keys(opts.syncKeys, DEFAULT_SYNC_KEY),
    seed: Math.floor(nonNegative(opts.seed, DEFAULTS.seed, 'seed')),
    seedFiles: Math.floor(nonNegative(opts.seedFiles, 0, 'seedFiles')),
    processingMs: nonNegative(opts.processingMs, DEFAULTS.processingMs, 'processingMs'),
    executionMs: nonNegative(opts.executionMs, DEFAULTS.executionMs, 'executionMs'),
    workflowMs: nonNegative(opts.workflowMs, 2 * nonNegative(opts.executionMs, DEFAULTS.executionMs, 'executionMs'), 'workflowMs'),
    syncGenerationMs: nonNegative(opts.syncGenerationMs, DEFAULTS.syncGenerationMs, 'syncGenerationMs'),
    uploadUrlTtlS: nonNegative(opts.uploadUrlTtlS, DEFAULTS.uploadUrlTtlS, 'uploadUrlTtlS'),
    signedUrlTtlS: nonNegative(opts.signedUrlTtlS, DEFAULTS.signedUrlTtlS, 'signedUrlTtlS'),
    rateLimits: { ...opts.rateLimits },
    faults: { ...opts.faults },
    clock: opts.clock ?? Date.now,
    syncConcurrency: Math.max(1, Math.floor(nonNegative(opts.syncConcurrency, DEFAULTS.syncConcurrency, 'syncConcurrency'))),
    mediaCacheDir: opts.mediaCacheDir,
    sqliteBinding: opts.sqliteBinding,
    ffmpegPath: fixedOr(opts.ffmpegPath, () => lazyMediaTool('ffmpeg')),
    ffprobePath: fixedOr(opts.ffprobePath, () => lazyMediaTool('ffprobe')),
    espeakPath: opts.espeakPath === null ? () => null : opts.espeakPath !== undefined ? fixedPath(opts.espeakPath) : lazyEspeak(),
  };
}

function fixedOr(value: string | undefined, discover: () => () => string): () => string {
  return value !== undefined ? () => value : discover();
}

function fixedPath(value: string): () => string {
  return () => value;
}
