/**
 * The `files` row as stored, and its mapping to the contract's view types.
 */
import type {
  AnalysisState,
  ExecutionRequest,
  FileDetail,
  FileOrigin,
  FileScope,
  FileSourceView,
  FileType,
  LibraryItem,
  SourceStatus,
} from '../contract';

export const SOURCE_PREFIXES = ['thumb', 'preview', 'download', 'hls'] as const;
export type SourcePrefix = (typeof SOURCE_PREFIXES)[number];

export interface SourceColumns {
  status: SourceStatus | null;
  url: string | null;
  /** Epoch ms. */
  expires_at: number | null;
  width: number | null;
  height: number | null;
  bytes: number | null;
}

/** Every stored column except the rowid and the generated ones (`bytes`, `tool_type`). */
export interface FileValues {
  file_id: string;
  type: FileType | null;
  scope: FileScope;
  display_name: string;
  description: string | null;
  transcript: string | null;
  duration_seconds: number | null;
  thumb_status: SourceStatus | null;
  thumb_url: string | null;
  thumb_expires_at: number | null;
  thumb_width: number | null;
  thumb_height: number | null;
  thumb_bytes: number | null;
  preview_status: SourceStatus | null;
  preview_url: string | null;
  preview_expires_at: number | null;
  preview_width: number | null;
  preview_height: number | null;
  preview_bytes: number | null;
  download_status: SourceStatus | null;
  download_url: string | null;
  download_expires_at: number | null;
  download_width: number | null;
  download_height: number | null;
  download_bytes: number | null;
  hls_status: SourceStatus | null;
  hls_url: string | null;
  hls_expires_at: number | null;
  hls_width: number | null;
  hls_height: number | null;
  hls_bytes: number | null;
  public_enabled: 0 | 1;
  public_url: string | null;
  public_hls_url: string | null;
  public_playback_id: string | null;
  source_tool_type: string | null;
  source_tool_execution_id: string | null;
  analysis_state: AnalysisState | null;
  analysis_progress: number | null;
  analysis_attempt: number | null;
  origin: FileOrigin;
  execution_id: string | null;
  uploaded_from: string | null;
  created_at: number;
  updated_at: number;
  last_seen_at: number;
  list_rank: number;
  archived: 0 | 1;
  pinned: 0 | 1;
}

export interface FileRow extends FileValues {
  id: number;
  rating: number;
  /** Tags, one per line. */
  tags: string;
}

const SOURCE_FIELDS = ['status', 'url', 'expires_at', 'width', 'height', 'bytes'] as const;

export const VALUE_COLUMNS: readonly (keyof FileValues)[] = [
  'file_id',
  'type',
  'scope',
  'display_name',
  'description',
  'transcript',
  'duration_seconds',
  ...SOURCE_PREFIXES.flatMap((p) => SOURCE_FIELDS.map((f) => `${p}_${f}` as keyof FileValues)),
  'public_enabled',
  'public_url',
  'public_hls_url',
  'public_playback_id',
  'source_tool_type',
  'source_tool_execution_id',
  'analysis_state',
  'analysis_progress',
  'analysis_attempt',
  'origin',
  'execution_id',
  'uploaded_from',
  'created_at',
  'updated_at',
  'last_seen_at',
  'list_rank',
  'archived',
  'pinned',
];

/**
 * Writes `VALUE_COLUMNS.map((c) => v[c])` into `out` from index `k`: the positional parameters
 * of one row of the multi-row INSERT. Spelled out (same order as VALUE_COLUMNS, checked by
 * test/unit/store/files-row.test.ts) because reading 50 columns by a computed name costs
 * ~5x more, for every file a library sync inserts.
 */
export function writeRowParams(v: FileValues, out: unknown[], k: number): void {
  out[k] = v.file_id;
  out[k + 1] = v.type;
  out[k + 2] = v.scope;
  out[k + 3] = v.display_name;
  out[k + 4] = v.description;
  out[k + 5] = v.transcript;
  out[k + 6] = v.duration_seconds;
  out[k + 7] = v.thumb_status;
  out[k + 8] = v.thumb_url;
  out[k + 9] = v.thumb_expires_at;
  out[k + 10] = v.thumb_width;
  out[k + 11] = v.thumb_height;
  out[k + 12] = v.thumb_bytes;
  out[k + 13] = v.preview_status;
  out[k + 14] = v.preview_url;
  out[k + 15] = v.preview_expires_at;
  out[k + 16] = v.preview_width;
  out[k + 17] = v.preview_height;
  out[k + 18] = v.preview_bytes;
  out[k + 19] = v.download_status;
  out[k + 20] = v.download_url;
  out[k + 21] = v.download_expires_at;
  out[k + 22] = v.download_width;
  out[k + 23] = v.download_height;
  out[k + 24] = v.download_bytes;
  out[k + 25] = v.hls_status;
  out[k + 26] = v.hls_url;
  out[k + 27] = v.hls_expires_at;
  out[k + 28] = v.hls_width;
  out[k + 29] = v.hls_height;
  out[k + 30] = v.hls_bytes;
  out[k + 31] = v.public_enabled;
  out[k + 32] = v.public_url;
  out[k + 33] = v.public_hls_url;
  out[k + 34] = v.public_playback_id;
  out[k + 35] = v.source_tool_type;
  out[k + 36] = v.source_tool_execution_id;
  out[k + 37] = v.analysis_state;
  out[k + 38] = v.analysis_progress;
  out[k + 39] = v.analysis_attempt;
  out[k + 40] = v.origin;
  out[k + 41] = v.execution_id;
  out[k + 42] = v.uploaded_from;
  out[k + 43] = v.created_at;
  out[k + 44] = v.updated_at;
  out[k + 45] = v.last_seen_at;
  out[k + 46] = v.list_rank;
  out[k + 47] = v.archived;
  out[k + 48] = v.pinned;
}

/** The signed URL of each rendition and when it stops working: what a hydration refreshes. */
export const URL_COLUMNS: ReadonlySet<keyof FileValues> = new Set(SOURCE_PREFIXES.flatMap((p) => [`${p}_url`, `${p}_expires_at`] as (keyof FileValues)[]));

/** Columns whose change is not something a person sees (signed URLs and bookkeeping). */
export const QUIET_COLUMNS: ReadonlySet<keyof FileValues> = new Set<keyof FileValues>([
  ...URL_COLUMNS,
  'updated_at',
  'last_seen_at',
  'list_rank',
]);

/** `rating` and `tags` are this computer's own (migration 006): read with the row, never written by a sync. */
export const ROW_COLUMNS_SQL = ['id', ...VALUE_COLUMNS, 'rating', 'tags'].join(', ');

/** What a list needs (no long text, no URLs). */
export const ITEM_COLUMNS_SQL = [
  'f.id',
  'f.file_id',
  'f.type',
  'f.scope',
  'f.display_name',
  'f.origin',
  'f.tool_type',
  'f.execution_id',
  'f.duration_seconds',
  'f.bytes',
  ...SOURCE_PREFIXES.flatMap((p) => [`f.${p}_status`, `f.${p}_width`, `f.${p}_height`]),
  'f.created_at',
  'f.updated_at',
  'f.archived',
  'f.pinned',
  'f.rating',
  'f.tags',
  `EXISTS (SELECT 1 FROM media_cache m WHERE m.file_id = f.file_id AND m.kind = 'thumb') AS thumb_cached`,
].join(', ');

export interface ItemRow {
  id: number;
  rating: number;
  tags: string;
  file_id: string;
  type: FileType | null;
  scope: FileScope;
  display_name: string;
  origin: FileOrigin;
  tool_type: string | null;
  execution_id: string | null;
  duration_seconds: number | null;
  bytes: number | null;
  thumb_status: SourceStatus | null;
  thumb_width: number | null;
  thumb_height: number | null;
  preview_status: SourceStatus | null;
  preview_width: number | null;
  preview_height: number | null;
  download_status: SourceStatus | null;
  download_width: number | null;
  download_height: number | null;
  hls_status: SourceStatus | null;
  hls_width: number | null;
  hls_height: number | null;
  created_at: number;
  updated_at: number;
  archived: 0 | 1;
  pinned: 0 | 1;
  thumb_cached: 0 | 1;
}

export function sourceOf(row: FileValues, p: SourcePrefix): SourceColumns {
  return {
    status: row[`${p}_status`],
    url: row[`${p}_url`],
    expires_at: row[`${p}_expires_at`],
    width: row[`${p}_width`],
    height: row[`${p}_height`],
    bytes: row[`${p}_bytes`],
  };
}

/**
 * Overall state shown on a card. `pending` means "processing *or not hydrated yet*", so a
 * pending download alone does not mean processing when another rendition is ready.
 */
export function overallStatus(
  type: FileType | null,
  statuses: Record<SourcePrefix, SourceStatus | null>,
): LibraryItem['status'] {
  if (statuses.download === 'failed') return 'failed';
  if (statuses.download === 'ready') return 'ready';
  if (type === null) return 'processing';
  if (SOURCE_PREFIXES.some((p) => statuses[p] === 'ready')) return 'ready';
  if (statuses.download === 'pending') return 'processing';
  return 'ready';
}

export function toLibraryItem(r: ItemRow): LibraryItem {
  const w = r.download_width ?? r.preview_width ?? r.thumb_width;
  const h = r.download_height ?? r.preview_height ?? r.thumb_height;
  return {
    fileId: r.file_id,
    displayName: r.display_name || r.file_id,
    type: r.type,
    scope: r.scope,
    origin: r.origin,
    toolType: r.tool_type,
    executionId: r.execution_id,
    durationSeconds: r.duration_seconds,
    width: w,
    height: h,
    bytes: r.bytes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    status: overallStatus(r.type, {
      thumb: r.thumb_status,
      preview: r.preview_status,
      download: r.download_status,
      hls: r.hls_status,
    }),
    hasThumbnail: r.thumb_cached === 1 || r.thumb_status === 'ready',
    pinned: r.pinned === 1,
    archived: r.archived === 1,
    rating: r.rating,
    tags: r.tags ? r.tags.split('\n') : [],
  };
}

function sourceView(s: SourceColumns, cached: boolean, now: number): FileSourceView | null {
  if (s.status === null) return cached ? { status: 'ready', width: s.width, height: s.height, bytes: s.bytes, expiresAt: null, cached } : null;
  const held = s.url !== null && (s.expires_at === null || s.expires_at > now);
  return { status: s.status, width: s.width, height: s.height, bytes: s.bytes, expiresAt: held ? s.expires_at : null, cached };
}

export function toFileDetail(
  row: FileRow & { bytes: number | null; tool_type: string | null },
  extra: { cachedKinds: ReadonlySet<string>; request: ExecutionRequest | null; now: number },
): FileDetail {
  const item = toLibraryItem({ ...row, thumb_cached: extra.cachedKinds.has('thumb') ? 1 : 0 });
  const { cachedKinds: c, now } = extra;
  return {
    ...item,
    description: row.description,
    transcript: row.transcript,
    analysis: row.analysis_state === null ? null : { state: row.analysis_state, progress: row.analysis_progress ?? 0 },
    sources: {
      thumbnail: sourceView(sourceOf(row, 'thumb'), c.has('thumb'), now),
      preview: sourceView(sourceOf(row, 'preview'), c.has('preview'), now),
      download: sourceView(sourceOf(row, 'download'), c.has('download'), now),
      hls: sourceView(sourceOf(row, 'hls'), false, now),
    },
    publicPreview: {
      enabled: row.public_enabled === 1,
      url: row.public_url,
      hlsUrl: row.public_hls_url,
      playbackId: row.public_playback_id,
    },
    request: extra.request,
    uploadedFrom: row.uploaded_from,
  };
}
