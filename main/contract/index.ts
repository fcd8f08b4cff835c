/**
 * The table of contents of Atelier: every command the renderer may invoke and every event
 * it may receive, and (./tool-catalog.ts, ./tools.ts) every generation tool with its limits
 * and request schema. Main (router + hosts), preload and renderer all read this one module;
 * no command or event name is written anywhere else.
 *
 * Inputs are zod schemas, parsed in main before a handler runs. Outputs are TypeScript
 * types only (main produces them, so they are trusted). The renderer imports this file
 * with `import type` only; the tool catalogue it also imports as data.
 */
import { z } from 'zod';
import {
  EMOTIONS,
  LIPSYNC_LIMITS,
  MODEL_MODES,
  OUTPUT_FILE_NAME_PATTERN,
  SYNC_MODES,
  imageNeedsVideoModel,
  modelAcceptsImage,
} from './tool-catalog';
import { checkToolInput } from './tools';
import {
  CreateEntitySchema,
  ENTITY_TYPES,
  EXPORT_QUALITIES,
  GenerateTextSchema,
  RemixActionSchema,
  UpdateEntitySchema,
  WORKFLOWS,
  workflowRequestSchemas,
  type EntityView,
  type ProjectView,
  type RemixActionView,
} from './studio';
import type { UsageView } from './usage';
import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_EVENTS, WEBHOOK_URL_MAX, webhookUrlProblem } from './webhook-catalog';

export * from './tool-catalog';
export * from './webhook-catalog';
export * from './tools';
export * from './studio';
export * from './usage';

// ---------------------------------------------------------------------------------------
// Shared view types (what the renderer sees; never a key, never a signed URL for cached media)
// ---------------------------------------------------------------------------------------

export type FileType = 'IMAGE' | 'VIDEO' | 'AUDIO' | 'PDF' | 'SLIDESHOW';
export type FileScope = 'GLOBAL' | 'PROJECT' | 'EXPORT' | 'TEMPORARY' | 'ENTITY';
export type Provider = 'videogen' | 'sync';
/** Where a library item came from. */
export type FileOrigin = 'uploaded' | 'generated' | 'lipsync';
export type SourceStatus = 'pending' | 'ready' | 'failed' | 'skipped';
export type AnalysisState = 'UNATTEMPTED' | 'LOADING' | 'FULFILLED' | 'REJECTED';

export interface LibraryItem {
  fileId: string;
  displayName: string;
  type: FileType | null;
  scope: FileScope;
  origin: FileOrigin;
  /** `sourceToolType` of a tool output (open string, e.g. GENERATE_IMAGE), `LIPSYNC` for Sync outputs. */
  toolType: string | null;
  /** Local execution id of the request that made it, when known. */
  executionId: string | null;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  bytes: number | null;
  /** Epoch ms this app first saw the file (the API gives no creation date). */
  createdAt: number;
  /** Epoch ms of the last change seen. */
  updatedAt: number;
  /** Overall processing state: `processing` until the download source is ready. */
  status: 'processing' | 'ready' | 'failed';
  /** A thumbnail exists (cached on disk or fetchable); served at `${mediaBase}${fileId}/thumb`. */
  hasThumbnail: boolean;
  pinned: boolean;
  archived: boolean;
  /** 0 (not rated) to 5: this computer's own mark, never sent to VideoGen. */
  rating: number;
  /** This computer's tags, in name order. */
  tags: string[];
}

export interface FileSourceView {
  status: SourceStatus;
  width: number | null;
  height: number | null;
  bytes: number | null;
  /** Epoch ms the signed URL expires, if one is held. */
  expiresAt: number | null;
  cached: boolean;
}

export interface FileDetail extends LibraryItem {
  description: string | null;
  transcript: string | null;
  analysis: { state: AnalysisState; progress: number } | null;
  sources: {
    thumbnail: FileSourceView | null;
    preview: FileSourceView | null;
    download: FileSourceView | null;
    hls: FileSourceView | null;
  };
  publicPreview: { enabled: boolean; url: string | null; hlsUrl: string | null; playbackId: string | null };
  /** The exact request that produced this file, when it is an output. */
  request: ExecutionRequest | null;
  /** Local path it was uploaded from, when it was uploaded by this app. */
  uploadedFrom: string | null;
}

/** A saved filter and search: the library as it was when "Save as smart collection" was pressed. */
export interface SmartCollection {
  filter: LibraryFilter;
  query: string;
}

export interface CollectionView {
  id: number;
  name: string;
  /** Set for a smart collection (its files are whatever matches). */
  smart: SmartCollection | null;
  /** Files in a plain collection still in the library; null for a smart one. */
  count: number | null;
}

/** A prompt from a tool's history: the request of its newest run fills the form as Reuse does. */
export interface PromptHistoryItem {
  prompt: string;
  params: Record<string, unknown>;
  /** Epoch ms of its newest run; null for a pinned prompt whose runs were cleared. */
  lastUsedAt: number | null;
  pinned: boolean;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface LibraryPage {
  items: LibraryItem[];
  total: number;
  offset: number;
}

export interface SearchHit {
  item: LibraryItem;
  /** `local` = full-text over the offline cache; `semantic` = the API's search by meaning. */
  source: 'local' | 'semantic';
  /** 0..1; for local hits a normalised rank. */
  score: number;
}

export type UploadState =
  /** Web host: listed by the browser, waiting for its bytes (they follow through `POST /upload`). */
  | 'receiving'
  | 'queued'
  | 'hashing'
  | 'creating'
  | 'uploading'
  | 'processing'
  | 'ready'
  | 'failed'
  | 'cancelled';

export interface UploadView {
  uploadId: string;
  path: string;
  name: string;
  size: number;
  state: UploadState;
  bytesSent: number;
  /** Bytes per second over the last few seconds, while uploading. */
  speedBps: number | null;
  fileId: string | null;
  attempts: number;
  error: { code: string; message: string } | null;
  /** The uploads of one drop share this (Activity groups them); null for a single file added alone. */
  batchId: string | null;
  /** Uploaded as a temporary file (`isTemporary`): VideoGen keeps it at least 24 hours, never analyses it. */
  temporary: boolean;
  /**
   * Its place in the upload queue: queued uploads start lowest first (new and retried ones go to
   * the back; "Move to top" and dragging in Activity change it).
   */
  queueOrder: number;
  createdAt: number;
  updatedAt: number;
}

export type ExecutionStatus =
  | 'queued' // written down, not yet sent (e.g. offline, waiting for a slot)
  | 'submitting'
  | 'unknown' // sent, outcome unknown: being reconciled
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

export interface ExecutionRequest {
  provider: Provider;
  /** VideoGen tool name (e.g. `generate-image`) or `lipsync`. */
  tool: string;
  /** The exact body sent (for lip-sync: the form, with local file references). */
  params: Record<string, unknown>;
}

export interface ExecutionView {
  id: string;
  remoteId: string | null;
  provider: Provider;
  tool: string;
  label: string;
  request: ExecutionRequest;
  status: ExecutionStatus;
  /** Raw provider status (e.g. Sync `PROCESSING`), kept as-is. */
  remoteStatus: string | null;
  progress: number | null;
  attempt: number;
  error: { code: string; message: string } | null;
  resultFileIds: string[];
  createdAt: number;
  updatedAt: number;
  nextCheckAt: number | null;
}

export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  uploadConcurrency: number;
  cacheCapBytes: number;
  notifications: boolean;
  theme: Theme;
  libraryView: 'grid' | 'list';
  /** Lip-sync spend per calendar month (USD) past which a run asks first; null: no cap. */
  spendingCapUsd: number | null;
}

/** Estimated lip-sync spend (Sync's estimate before each run; it reports no final charge). */
export interface SpendTotals {
  usd: number;
  /** Runs with an estimate. */
  runs: number;
  /** Runs with no estimate (offline, or inputs from this computer). */
  unknown: number;
}

export interface SpendSummary {
  today: SpendTotals;
  month: SpendTotals;
  capUsd: number | null;
}

export interface KeyStatus {
  present: boolean;
  last4: string | null;
  /** Result of the last check against the API (`/v1/me` or Sync models). */
  check: { ok: boolean; at: number; account: string | null; message: string | null } | null;
  /**
   * Where the key lives: the OS keychain (Electron: sealed with it), the passphrase-encrypted key
   * file, a plain-text file an earlier version left (until the person chooses where to move it),
   * an environment variable, or the local sandbox.
   */
  source: 'keychain' | 'encrypted-file' | 'plain-file' | 'env' | 'sandbox' | null;
}

/** Where keys saved in Settings are kept, and what the person may choose (see main/web/key-storage.ts). */
export interface KeyStorageView {
  /**
   * `keychain`: the OS keychain (web host); `safe-storage`: sealed with the OS keychain by
   * Electron; `encrypted-file`: a file encrypted with the person's passphrase (chosen by them);
   * `none`: nowhere yet (no keychain service; the person has not chosen the file); `memory`:
   * kept for this run only (tests, the sandbox).
   */
  kind: 'keychain' | 'safe-storage' | 'encrypted-file' | 'none' | 'memory';
  /** The keychain's name ("macOS Keychain", "Windows Credential Manager", "Secret Service (GNOME Keyring, KWallet)"). */
  name: string | null;
  /** Why no keychain can be used, in words; null when it can. */
  problem: string | null;
  /** The encrypted-file choice can be offered (web host with no keychain service). */
  canUseEncryptedFile: boolean;
  /** The encrypted file exists but its passphrase has not been typed since Atelier started. */
  locked: boolean;
  /** Keys from an earlier version's plain-text file are in use, waiting to be moved (then the file is deleted). */
  plainFileWaiting: boolean;
}

export interface RateBudgetEntry {
  endpoint: string;
  limit: number;
  remaining: number;
  resetAt: number;
}

export interface AppStatus {
  online: boolean;
  /** True when the core talks to the local sandbox instead of the real APIs. */
  sandbox: boolean;
  queue: { uploads: number; executions: number; processing: number };
  /**
   * Uploads wait for VideoGen's hourly upload limit until this time (epoch ms), then continue by
   * themselves; null when they are not waiting for it.
   */
  uploadsWaitUntil: number | null;
  rateBudget: RateBudgetEntry[];
  library: { total: number; syncing: boolean; syncedAt: number | null; progress: number | null };
  /** Providers whose key was rejected (work that needs it is paused until a working key is saved). */
  keysRejected: Provider[];
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'web';
  /** Base URL for cached media: `${mediaBase}${fileId}/thumb|preview|download`. */
  mediaBase: string;
  /** Web host only: where dropped files' bytes are streamed (`POST` with the file body). */
  uploadEndpoint: string | null;
  platform: string;
  /** Which better-sqlite3 build is loaded: Node's (`npm install`) or the one prepared for Electron. */
  sqlite: { binding: 'node' | 'electron'; path: string };
  /** The log file this host writes (rotated beside it), or null when it keeps no log file. */
  logFile: string | null;
}

export interface Playback {
  /** `hls` = private signed HLS (play with hls.js); `file` = a progressive URL (cached or signed). */
  kind: 'hls' | 'file';
  url: string;
  /** Epoch ms the URL stops working (null for cached media). */
  expiresAt: number | null;
  mimeType: string | null;
  offline: boolean;
}

export interface TtsVoiceView {
  voiceId: string;
  displayName: string;
  languageCode: string;
  gender: string;
  accent: string | null;
  supportsDirectToolExecution: boolean;
  /** Still callable, but VideoGen may remove it: listed only when asked for. */
  deprecated: boolean;
}
export interface PresenterView {
  avatarPresenterId: string;
  gender: string;
  thumbnailUrl: string | null;
  /** Still image of the presenter. */
  imageUrl: string | null;
  /** A short clip of the presenter speaking. */
  previewVideoUrl: string | null;
}
export interface SyncModelView {
  id: string;
  name: string;
  type: string;
  acceptsImage: boolean;
  deprecated: boolean;
}
/** A VideoGen webhook endpoint as listed (never its signing secret). */
export interface WebhookView {
  endpointId: string;
  url: string;
  /** Open strings: an event name this version doesn't know still shows. */
  events: string[];
  description: string | null;
  /** Epoch ms. */
  createdAt: number;
  /** The secret's last four characters, when VideoGen gives them. */
  secretLast4: string | null;
}

/** Create a webhook endpoint: an https:// URL and at least one of the spec's events. */
export const createWebhookSchema = z
  .object({
    url: z
      .string()
      .trim()
      .max(WEBHOOK_URL_MAX)
      .superRefine((url, ctx) => {
        const problem = webhookUrlProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    events: z
      .array(z.enum(WEBHOOK_EVENTS))
      .min(1, { message: 'Choose at least one event.' })
      .max(WEBHOOK_EVENTS.length)
      .refine((e) => new Set(e).size === e.length, { message: 'Each event once.' }),
    description: z.string().trim().max(WEBHOOK_DESCRIPTION_MAX).optional(),
  })
  .strict();

export interface CostEstimate {
  frames: number | null;
  usd: number | null;
}

// ---------------------------------------------------------------------------------------
// Input schemas (reused pieces)
// ---------------------------------------------------------------------------------------

const id = z.string().min(1).max(200);
const ids = z.array(id).min(1).max(10_000);
const tagText = z.string().max(60).refine((t) => t.trim() !== '', { message: 'A tag must have a letter or number in it' });
const collectionName = z.string().max(80).refine((t) => t.trim() !== '', { message: 'Give the collection a name' });
const collectionId = z.number().int().positive();
const fileTypeSchema = z.enum(['IMAGE', 'VIDEO', 'AUDIO', 'PDF', 'SLIDESHOW']);
const scopeSchema = z.enum(['GLOBAL', 'PROJECT', 'EXPORT', 'TEMPORARY', 'ENTITY']);
const providerSchema = z.enum(['videogen', 'sync']);
const localPath = z.string().min(1).max(4096);

export const libraryFilterSchema = z
  .object({
    types: z.array(fileTypeSchema).max(5).optional(),
    scopes: z.array(scopeSchema).max(5).optional(),
    origins: z.array(z.enum(['uploaded', 'generated', 'lipsync'])).max(3).optional(),
    toolTypes: z.array(z.string().max(100)).max(50).optional(),
    createdFrom: z.number().int().nonnegative().optional(),
    createdTo: z.number().int().nonnegative().optional(),
    pinnedOnly: z.boolean().optional(),
    /** Files rated at least this (1–5). */
    minRating: z.number().int().min(1).max(5).optional(),
    /** Files carrying every one of these tags. */
    tags: z.array(z.string().min(1).max(60)).max(10).optional(),
    /** Files in this (plain) collection. */
    collectionId: z.number().int().positive().optional(),
    /** Temporary files (scope TEMPORARY) are hidden unless this is true or `scopes` asks for them. */
    includeTemporary: z.boolean().optional(),
  })
  .strict();
export type LibraryFilter = z.infer<typeof libraryFilterSchema>;

export const librarySortSchema = z
  .object({
    field: z.enum(['updated', 'created', 'name', 'size', 'duration']),
    dir: z.enum(['asc', 'desc']),
  })
  .strict();
export type LibrarySort = z.infer<typeof librarySortSchema>;

export const settingsPatchSchema = z
  .object({
    uploadConcurrency: z.number().int().min(1).max(8),
    cacheCapBytes: z.number().int().min(100 * 1024 * 1024).max(1024 * 1024 * 1024 * 1024),
    notifications: z.boolean(),
    theme: z.enum(['system', 'light', 'dark']),
    libraryView: z.enum(['grid', 'list']),
    spendingCapUsd: z.number().min(0.01).max(1_000_000).nullable(),
  })
  .partial()
  .strict();

/** Lip-sync input: a library file (VideoGen file id), a local path, or a URL. */
const syncMediaRef = z.union([
  z.object({ kind: z.literal('library'), fileId: id }).strict(),
  z.object({ kind: z.literal('path'), path: localPath }).strict(),
  z.object({ kind: z.literal('url'), url: z.string().url().max(4096) }).strict(),
]);
export type SyncMediaRef = z.infer<typeof syncMediaRef>;

const S = LIPSYNC_LIMITS;
const voiceSetting = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .min(S.voiceSetting.min, `${name} must be between ${S.voiceSetting.min} and ${S.voiceSetting.max}`)
    .max(S.voiceSetting.max, `${name} must be between ${S.voiceSetting.min} and ${S.voiceSetting.max}`);
const seconds = (name: string) =>
  z
    .number({ error: `${name} must be a number of seconds` })
    .min(0, `${name} must not be negative`)
    .max(S.seconds.max, `${name} must be at most ${S.seconds.max} seconds`);
const pixel = z.number({ error: 'Pixel positions must be numbers' }).min(0, 'Pixel positions must not be negative');

/**
 * Sync's `active_speaker_detection` (README B5): detect the speaker automatically, or point at
 * them (a frame number and the x, y of their face on it), or give a face box per frame (null:
 * no face on that frame).
 */
export const activeSpeakerSchema = z
  .object({
    auto_detect: z.boolean().optional(),
    frame_number: z.number().int('The frame number must be a whole number').nonnegative('The frame number must not be negative').optional(),
    coordinates: z.tuple([pixel, pixel]).optional(),
    bounding_boxes: z
      .array(
        z
          .tuple([pixel, pixel, pixel, pixel])
          .refine(([x1, y1, x2, y2]) => x1 < x2 && y1 < y2, 'A box is x1, y1, x2, y2 with x1 < x2 and y1 < y2')
          .nullable(),
      )
      .min(1, 'Give at least one bounding box')
      .max(S.boundingBoxes.max)
      .optional(),
  })
  .strict()
  .refine((a) => a.coordinates === undefined || a.frame_number !== undefined, {
    message: 'Coordinates need the frame number they are on',
    path: ['frame_number'],
  });

/**
 * One segment of the video with its own audio (README B2: `segments[{startTime, endTime,
 * audioInput: {refId, startTime?, endTime?}}]`): Atelier gives each segment's audio its refId.
 */
export const lipsyncSegmentSchema = z
  .object({
    startTime: seconds('Start'),
    endTime: seconds('End'),
    audio: syncMediaRef,
    audioStartTime: seconds('Audio start').optional(),
    audioEndTime: seconds('Audio end').optional(),
  })
  .strict()
  .refine((g) => g.endTime > g.startTime, { message: 'End must be after start', path: ['endTime'] })
  .refine((g) => g.audioStartTime === undefined || g.audioEndTime === undefined || g.audioEndTime > g.audioStartTime, {
    message: 'Audio end must be after audio start',
    path: ['audioEndTime'],
  });
export type LipsyncSegment = z.infer<typeof lipsyncSegmentSchema>;

export const lipsyncRequestSchema = z
  .object({
    model: z.string().min(1).max(LIPSYNC_LIMITS.model.maxLength),
    visual: z.object({ type: z.enum(['video', 'image']), ref: syncMediaRef }).strict(),
    // Discriminated by `type`, so a bad field of a script is named (not "Invalid input").
    voice: z.discriminatedUnion('type', [
      z.object({ type: z.literal('audio'), ref: syncMediaRef }).strict(),
      z
        .object({
          type: z.literal('text'),
          voiceId: z.string().min(1).max(LIPSYNC_LIMITS.voiceId.maxLength),
          script: z.string().min(1).max(LIPSYNC_LIMITS.script.maxLength),
          stability: voiceSetting('Stability').optional(),
          similarityBoost: voiceSetting('Similarity boost').optional(),
        })
        .strict(),
    ]),
    options: z
      .object({
        sync_mode: z.enum(SYNC_MODES).optional(),
        temperature: z.number().min(LIPSYNC_LIMITS.temperature.min).max(LIPSYNC_LIMITS.temperature.max).optional(),
        active_speaker_detection: activeSpeakerSchema.optional(),
        occlusion_detection_enabled: z.boolean().optional(),
        model_mode: z.enum(MODEL_MODES).optional(),
        prompt: z.enum(EMOTIONS).optional(),
      })
      .strict()
      .optional(),
    segments: z.array(lipsyncSegmentSchema).min(1).max(S.segments.max, `At most ${S.segments.max} segments`).optional(),
    outputFileName: z.string().regex(OUTPUT_FILE_NAME_PATTERN).max(LIPSYNC_LIMITS.outputFileName.maxLength).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    // The one place this rule is checked in main (the renderer reads it from `acceptsImage`).
    if (r.visual.type === 'image' && !modelAcceptsImage(r.model)) {
      ctx.addIssue({ code: 'custom', path: ['visual', 'type'], message: imageNeedsVideoModel(r.model) });
    }
  });
export type LipsyncRequest = z.infer<typeof lipsyncRequestSchema>;

/** A local file for a lip-sync input, as main sees it (`lipsync.localFile`, the web host's `POST /lipsync-file`). */
export interface LocalSyncFileView {
  name: string;
  size: number;
  /** Why Sync can't take it (missing, empty, too large, wrong kind), in words; null when it can. */
  problem: string | null;
  /** Sent as a Sync asset (20 MB or more) rather than as part of the request. */
  viaAsset: boolean;
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

/** Phantom carrier for an output type (no runtime value). */
function out<T>(): T {
  return undefined as T;
}
const none = z.object({}).strict();

export const commands = {
  // App
  'app.info': { input: none, output: out<AppInfo>() },
  'app.status': { input: none, output: out<AppStatus>() },
  /** Estimated lip-sync spend today and this calendar month, and the cap if one is set. */
  'spend.summary': { input: none, output: out<SpendSummary>() },
  /** What each API budget has left in its current window (Activity → Usage). */
  'app.usage': { input: none, output: out<UsageView[]>() },
  /** Shows the log file: revealed by the host (desktop), or a URL the page opens (web host). */
  'app.showLogs': { input: none, output: out<{ revealed: boolean; url: string | null }>() },

  // Library (local cache; works offline)
  'library.query': {
    input: z
      .object({
        filter: libraryFilterSchema.default({}),
        sort: librarySortSchema.default({ field: 'updated', dir: 'desc' }),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    output: out<LibraryPage>(),
  },
  'library.get': { input: z.object({ fileId: id }).strict(), output: out<FileDetail>() },
  'library.search': {
    input: z
      .object({ query: z.string().min(1).max(500), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
    output: out<SearchHit[]>(),
  },
  'library.searchSemantic': {
    input: z
      .object({ query: z.string().min(1).max(500), limit: z.number().int().min(1).max(100).default(20) })
      .strict(),
    output: out<SearchHit[]>(),
  },
  'library.sync': { input: z.object({ full: z.boolean().default(false) }).strict(), output: out<void>() },
  'library.archive': { input: z.object({ fileIds: ids }).strict(), output: out<{ archived: string[] }>() },
  'library.setPublicPreview': {
    input: z.object({ fileId: id, enabled: z.boolean() }).strict(),
    output: out<FileDetail>(),
  },
  'library.pin': { input: z.object({ fileIds: ids, pinned: z.boolean() }).strict(), output: out<void>() },
  /** A rating for files (0 clears it). Local to this computer; works offline. */
  'organize.rate': { input: z.object({ fileIds: ids, rating: z.number().int().min(0).max(5) }).strict(), output: out<{ changed: string[] }>() },
  /** Tags added to and removed from files. */
  'organize.tag': {
    input: z.object({ fileIds: ids, add: z.array(tagText).max(20).default([]), remove: z.array(tagText).max(20).default([]) }).strict(),
    output: out<{ changed: string[] }>(),
  },
  /** Tags in use, most used first, for autocomplete and the tag filter. */
  'organize.tags': {
    input: z.object({ prefix: z.string().max(60).default(''), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    output: out<TagCount[]>(),
  },
  /** A tool's recent prompts (pinned first, then newest first), optionally narrowed by a search. */
  'prompts.history': {
    input: z.object({ tool: z.string().min(1).max(100), query: z.string().max(200).default(''), limit: z.number().int().min(1).max(100).default(30) }).strict(),
    output: out<PromptHistoryItem[]>(),
  },
  'prompts.pin': { input: z.object({ tool: z.string().min(1).max(100), prompt: z.string().min(1).max(20_000), pinned: z.boolean() }).strict(), output: out<void>() },
  'collections.list': { input: none, output: out<CollectionView[]>() },
  'collections.create': {
    input: z.object({ name: collectionName, smart: z.object({ filter: libraryFilterSchema, query: z.string().max(500) }).strict().optional() }).strict(),
    output: out<CollectionView>(),
  },
  'collections.rename': { input: z.object({ id: collectionId, name: collectionName }).strict(), output: out<void>() },
  /** The collection only: its files stay in the library. */
  'collections.delete': { input: z.object({ id: collectionId }).strict(), output: out<void>() },
  'collections.add': { input: z.object({ id: collectionId, fileIds: ids }).strict(), output: out<{ added: number }>() },
  'collections.remove': { input: z.object({ id: collectionId, fileIds: ids }).strict(), output: out<void>() },
  /**
   * Saves a copy in the person's Downloads folder (never overwriting). The renderer does not
   * choose the path: a page must not be able to write files wherever it likes.
   */
  'library.download': {
    input: z.object({ fileId: id }).strict(),
    output: out<{ path: string }>(),
  },
  'library.reveal': { input: z.object({ fileId: id }).strict(), output: out<{ path: string | null }>() },
  /** `fresh`: the URL handed out last was refused: hydrate for a new one instead of reusing it. */
  'library.playback': { input: z.object({ fileId: id, fresh: z.boolean().optional() }).strict(), output: out<Playback>() },
  /**
   * A lip-sync result (origin `lipsync`, kept only on this computer) into the VideoGen library:
   * queued as a normal upload (progress in Activity; an uploaded VIDEO once processed). Sending
   * the same result again returns the upload already under way or done (a failed one is retried).
   */
  'library.sendToVideoGen': { input: z.object({ fileId: id }).strict(), output: out<{ uploadId: string }>() },

  // Uploads
  'uploads.add': {
    input: z.object({ paths: z.array(localPath).min(1).max(1000), batchId: id.optional(), temporary: z.boolean().optional() }).strict(),
    output: out<{ uploadIds: string[]; rejected: Array<{ path: string; reason: string }> }>(),
  },
  /**
   * Web host: the files of a browser drop, written down at once (state `receiving`) before their
   * bytes are sent to `POST /upload?uploadId=…`. Files over the size limit or empty are refused here.
   */
  'uploads.reserve': {
    input: z
      .object({
        batchId: id,
        files: z.array(z.object({ name: z.string().min(1).max(1000), size: z.number().int().nonnegative() }).strict()).min(1).max(10_000),
        /** Upload them as temporary files (scratch inputs for a form). */
        temporary: z.boolean().optional(),
      })
      .strict(),
    output: out<{ uploadIds: Array<string | null>; rejected: Array<{ name: string; reason: string }> }>(),
  },
  /** Web host: the browser could not send a reserved file's bytes (it says why, in words). */
  'uploads.notSent': { input: z.object({ uploadId: id, reason: z.string().min(1).max(500) }).strict(), output: out<void>() },
  /** Every upload, or (`ids`) just these ones (to refresh a few rows after a change). */
  'uploads.list': { input: z.object({ ids: z.array(id).max(500).optional() }).strict(), output: out<UploadView[]>() },
  'uploads.cancel': { input: z.object({ uploadId: id }).strict(), output: out<void>() },
  'uploads.retry': { input: z.object({ uploadId: id }).strict(), output: out<void>() },
  /**
   * A queued upload to another place in line: the top (next to start), or just before or after
   * another queued upload. `moved` is false when it has meanwhile started or finished (nothing
   * changes); an anchor that has started counts as the top.
   */
  'uploads.move': {
    input: z
      .object({ uploadId: id, to: z.union([z.literal('top'), z.object({ before: id }).strict(), z.object({ after: id }).strict()]) })
      .strict()
      .refine((v) => v.to === 'top' || ('before' in v.to ? v.to.before : v.to.after) !== v.uploadId, { message: 'An upload cannot be moved next to itself.', path: ['to'] }),
    output: out<{ moved: boolean }>(),
  },
  'uploads.clearFinished': { input: none, output: out<void>() },

  // Generation
  /** `params` is checked against the tool's request schema (./tools.ts) before the handler runs. */
  'tools.run': {
    input: z
      .object({
        tool: z.string().min(1).max(100),
        params: z.record(z.string(), z.unknown()),
      })
      .strict()
      .superRefine(checkToolInput),
    output: out<{ executionId: string }>(),
  },
  'tools.runBatch': {
    input: z
      .object({
        tool: z.string().min(1).max(100),
        params: z.record(z.string(), z.unknown()),
        /** The parameter each selected file is put into (e.g. `imageStorageFileId`). */
        fileParam: z.string().min(1).max(100),
        fileIds: z.array(id).min(1).max(100),
      })
      .strict()
      .superRefine(checkToolInput),
    output: out<{ executionIds: string[] }>(),
  },
  'lipsync.run': { input: lipsyncRequestSchema, output: out<{ executionId: string }>() },
  'lipsync.models': { input: none, output: out<SyncModelView[]>() },
  'lipsync.estimate': { input: lipsyncRequestSchema, output: out<CostEstimate>() },
  /** The speech Sync made for a take spoken from a script, kept on this computer: its path (null if not kept). */
  'lipsync.synthesizedAudio': { input: z.object({ executionId: id }).strict(), output: out<{ path: string } | null>() },
  /** A local file chosen for a lip-sync input: its name and size, and why Sync can't take it (if so). */
  'lipsync.localFile': {
    input: z.object({ path: localPath, type: z.enum(['video', 'image', 'audio']) }).strict(),
    output: out<LocalSyncFileView>(),
  },
  /** TTS voices; deprecated ones only with `includeDeprecated` (cached for hours). */
  'resources.voices': { input: z.object({ includeDeprecated: z.boolean().optional() }).strict(), output: out<TtsVoiceView[]>() },
  /** Every language VideoGen narrates in (cached for hours). */
  'resources.languages': { input: none, output: out<Array<{ languageCode: string; name: string }>>() },

  // Whole videos (./studio.ts): each start is an execution, shown in Activity
  /** `params` is the workflow's request body, checked against the spec's schema here. */
  'videos.create': {
    input: z
      .object({ workflow: z.enum(WORKFLOWS), params: z.record(z.string(), z.unknown()) })
      .strict()
      .superRefine((v, ctx) => {
        const parsed = workflowRequestSchemas[v.workflow].safeParse(v.params);
        if (parsed.success) return;
        for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['params', ...issue.path], message: issue.message });
      }),
    output: out<{ executionId: string }>(),
  },
  /** Cached projects (offline too), most recently updated first. */
  'projects.list': { input: none, output: out<ProjectView[]>() },
  /** Reads every project from VideoGen into the cache. */
  'projects.refresh': { input: none, output: out<ProjectView[]>() },
  'projects.export': {
    input: z.object({ projectId: id, quality: z.enum(EXPORT_QUALITIES).optional() }).strict(),
    output: out<{ executionId: string }>(),
  },
  'projects.remix': {
    input: z.object({ projectId: id, remixActions: z.array(RemixActionSchema).min(1).max(50), saveAsNewProject: z.boolean().optional() }).strict(),
    output: out<{ executionId: string }>(),
  },
  'projects.remixActions': { input: z.object({ projectId: id }).strict(), output: out<RemixActionView[]>() },
  'entities.list': { input: z.object({ entityType: z.enum(ENTITY_TYPES).optional() }).strict(), output: out<EntityView[]>() },
  'entities.create': { input: CreateEntitySchema, output: out<EntityView>() },
  'entities.update': { input: UpdateEntitySchema, output: out<EntityView>() },
  'entities.archive': { input: z.object({ entityId: id }).strict(), output: out<void>() },
  'entities.addReference': {
    input: z.object({ entityId: id, fileId: id, isDefault: z.boolean().optional() }).strict(),
    output: out<EntityView>(),
  },
  /** Synchronous text generation ("Draft with AI"). */
  'text.generate': { input: GenerateTextSchema, output: out<{ text: string }>() },
  'resources.presenters': { input: none, output: out<PresenterView[]>() },
  /**
   * The voice VideoGen matches best with a presenter: the first voice (in VideoGen's order) whose
   * best-matched presenter (`avatar-presenters?voiceId=`) is this one; null when none is.
   */
  'resources.presenterVoice': { input: z.object({ avatarPresenterId: id }).strict(), output: out<TtsVoiceView | null>() },

  // VideoGen webhook endpoints (Settings → Webhooks). The signing secret is in the create
  // answer only: it is never stored, logged or listed.
  'webhooks.list': { input: none, output: out<WebhookView[]>() },
  'webhooks.create': { input: createWebhookSchema, output: out<{ webhook: WebhookView; signingSecret: string | null }>() },
  'webhooks.delete': { input: z.object({ endpointId: id }).strict(), output: out<void>() },

  // Executions
  'executions.list': {
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        activeOnly: z.boolean().default(false),
      })
      .strict(),
    output: out<ExecutionView[]>(),
  },
  'executions.get': { input: z.object({ id }).strict(), output: out<ExecutionView>() },
  'executions.cancel': { input: z.object({ id }).strict(), output: out<void>() },
  'executions.retry': { input: z.object({ id }).strict(), output: out<{ executionId: string }>() },

  // Settings and keys (a key goes in, never comes out)
  'settings.get': { input: none, output: out<Settings>() },
  'settings.set': { input: settingsPatchSchema, output: out<Settings>() },
  'keys.status': { input: none, output: out<Record<Provider, KeyStatus>>() },
  'keys.set': {
    input: z.object({ provider: providerSchema, key: z.string().trim().min(8).max(512) }).strict(),
    output: out<KeyStatus>(),
  },
  'keys.clear': { input: z.object({ provider: providerSchema }).strict(), output: out<KeyStatus>() },
  'keys.storage': { input: none, output: out<KeyStorageView>() },
  /**
   * The person's explicit choice, where no keychain service works: keep keys in a file encrypted
   * with this passphrase (created, or unlocked when it exists). The passphrase is never stored.
   */
  'keys.useEncryptedFile': {
    input: z.object({ passphrase: z.string().min(8).max(1024) }).strict(),
    output: out<KeyStorageView>(),
  },
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<C extends CommandName> = z.input<Commands[C]['input']>;
export type CommandParsedInput<C extends CommandName> = z.output<Commands[C]['input']>;
export type CommandOutput<C extends CommandName> = Commands[C]['output'];
export const commandNames = Object.keys(commands) as CommandName[];

// ---------------------------------------------------------------------------------------
// Events (main → renderer)
// ---------------------------------------------------------------------------------------

export type StoreTable = 'files' | 'executions' | 'uploads' | 'settings' | 'library_sync' | 'media_cache' | 'keys' | 'projects' | 'collections';

export const events = {
  /** Which tables (and which ids, when few) changed: views refresh only what changed. */
  'store.changed': out<{ tables: StoreTable[]; ids?: Partial<Record<StoreTable, string[]>> }>(),
  /** At most ~10/s per upload. */
  'upload.progress': out<{ uploadId: string; state: UploadState; bytesSent: number; size: number; speedBps: number | null }>(),
  'execution.updated': out<ExecutionView>(),
  'connectivity.changed': out<{ online: boolean }>(),
  'app.status': out<AppStatus>(),
  /** Something finished that the person may want to hear about (hosts may show a notification). */
  'work.finished': out<{ kind: 'upload' | 'execution'; id: string; ok: boolean; title: string; body: string }>(),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E];
export const eventNames = Object.keys(events) as EventName[];

/** Every failure leaves main in this shape: never a stack. */
export interface ContractError {
  code: string;
  message: string;
}

/** What the router answers every invoke with (IPC carries it as is; the socket wraps it in a frame). */
export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: ContractError };

/** Wire frames, shared by the WebSocket and IPC transports. */
export type ClientFrame = { t: 'invoke'; id: number; cmd: string; input: unknown };
export type ServerFrame =
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: ContractError }
  | { t: 'event'; name: string; payload: unknown };
