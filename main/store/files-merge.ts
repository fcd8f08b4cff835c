/**
 * How what the API says about a file (a `FileUpdate`, mapped from the wire record by the
 * workers that fetched it: main/workers/file-updates.ts) is merged into what the cache
 * already holds. Pure: no SQL, no wire types.
 *
 * Rules (an absent field and `null` are alike: the update says nothing about it):
 * - `scope` always follows the record; `type`, `displayName`, `description`, `transcript`,
 *   `durationSeconds`, `sourceToolType`, `sourceToolExecutionId` follow it when it has a
 *   value and keep the cached value when it has none: these are filled once (by processing
 *   or analysis) and never legitimately go back to empty, while plenty of responses omit
 *   them (list pages, webhook and tool-result payloads).
 * - `fileAnalysisMetadata` follows the record when present, else the cached state stays
 *   (tool-result files and webhooks omit it).
 * - A source (thumbnail, preview, download, hls) that is null/absent says nothing (sources
 *   are "populated after hydration"): the cached source stays as it is. A present source
 *   sets status, and sets width/height/bytes (keeping cached values the record lacks while
 *   the status is unchanged). Its signed URL: a record with a URL replaces the cached one;
 *   a record without one (a non-hydrated GET or list page) keeps the cached URL only while
 *   it is still valid (expiry known and in the future) *and* the status is unchanged;
 *   otherwise the URL is dropped. URLs with an unknown expiry are never kept past a
 *   URL-less record.
 * - Public preview: disabled clears every public field; enabled takes the record's values
 *   and keeps cached ones it lacks (public HLS may arrive later, never goes away while on).
 * - Local fields: `origin`, `executionId`, `uploadedFrom` come from `meta` when given, else
 *   stay; the origin of a new (or newly linked) file is derived: made by a Sync execution →
 *   lipsync, by a VideoGen tool → generated, otherwise uploaded. `archived` and `pinned`
 *   are never changed by a record.
 * - A change to anything a person sees sets `updatedAt` (and, without explicit ranks, moves
 *   the file to the top of the "updated" order); a change of signed URLs alone is stored
 *   quietly (no new `updatedAt`, same place in the list).
 */
import type { AnalysisState, FileOrigin, FileScope, FileType, SourceStatus } from '../contract';
import type { FileValues, SourcePrefix } from './files-row';
import { QUIET_COLUMNS, SOURCE_PREFIXES, URL_COLUMNS, VALUE_COLUMNS } from './files-row';

/** One rendition as last reported. */
export interface SourceUpdate {
  status: SourceStatus;
  /** Signed URL, or null when the report carried none. */
  url: string | null;
  /** Epoch ms the URL stops working; null = unknown. */
  expiresAt: number | null;
  width: number | null;
  height: number | null;
  bytes: number | null;
}

/** Public preview as reported: off (every public field cleared) or on with what is known. */
export type PublicPreviewUpdate =
  | { enabled: false }
  | { enabled: true; url: string | null; hlsUrl: string | null; playbackId: string | null };

/**
 * What one report (a list page, a GET, a tool result, an upload) says about a file. `null`
 * means "says nothing": the cached value stays (see the rules above). Text is never empty
 * (empty reads as null) and numbers are finite.
 */
export interface FileUpdate {
  fileId: string;
  scope: FileScope;
  type: FileType | null;
  displayName: string | null;
  description: string | null;
  transcript: string | null;
  durationSeconds: number | null;
  /** The tool that made it (open string, e.g. GENERATE_IMAGE) and the provider's execution id. */
  sourceToolType: string | null;
  sourceToolExecutionId: string | null;
  sources: Readonly<Record<SourcePrefix, SourceUpdate | null>>;
  publicPreview: PublicPreviewUpdate | null;
  analysis: { state: AnalysisState; progress: number | null; attempt: number | null } | null;
}

export interface UpsertMeta {
  origin?: FileOrigin;
  /** Local execution id of the request that produced these files. */
  executionId?: string;
  /** Local path the file was uploaded from. */
  uploadedFrom?: string;
  /**
   * Position in the remote "most recently updated" order: `files[i]` gets list rank
   * `rankFrom - i` (higher = more recent). Without it, new files and files whose visible
   * fields changed move to the top; others keep their place.
   */
  rankFrom?: number;
  /**
   * When files new to the library count as added (epoch ms; default now). A sync pass gives
   * its files the pass's start, so "Date added" keeps one pass's files in remote order.
   */
  addedAt?: number;
}

/** The execution a file is linked to, resolved by the repository. */
export interface LinkedExecution {
  id: string;
  provider: 'videogen' | 'sync';
}

interface SourceKeys {
  status: string;
  url: string;
  expires: string;
  width: string;
  height: string;
  bytes: string;
}
/** Column names per rendition, computed once (merging runs for every file of every page). */
const SOURCE_COLS: ReadonlyArray<{ prefix: SourcePrefix; c: SourceKeys }> = SOURCE_PREFIXES.map((p) => ({
  prefix: p,
  c: { status: `${p}_status`, url: `${p}_url`, expires: `${p}_expires_at`, width: `${p}_width`, height: `${p}_height`, bytes: `${p}_bytes` },
}));

type Loose = Record<string, string | number | null>;

function mergeSource(next: Loose, prev: Loose | undefined, c: SourceKeys, src: SourceUpdate | null, now: number): void {
  if (!src) return; // nothing said: `next` already holds the cached columns (or nulls)
  const sameStatus = prev !== undefined && prev[c.status] === src.status;
  next[c.status] = src.status;
  next[c.width] = src.width ?? (sameStatus ? prev[c.width]! : null);
  next[c.height] = src.height ?? (sameStatus ? prev[c.height]! : null);
  next[c.bytes] = src.bytes ?? (sameStatus ? prev[c.bytes]! : null);
  if (src.url !== null) {
    next[c.url] = src.url;
    next[c.expires] = src.expiresAt;
    return;
  }
  const cachedExpiry = prev?.[c.expires] ?? null;
  const keep = sameStatus && prev[c.url] !== null && typeof cachedExpiry === 'number' && cachedExpiry > now;
  if (!keep) {
    next[c.url] = null;
    next[c.expires] = null;
  }
}

function deriveOrigin(f: FileUpdate, linked: LinkedExecution | null): FileOrigin {
  if (linked) return linked.provider === 'sync' ? 'lipsync' : 'generated';
  return f.sourceToolType !== null || f.sourceToolExecutionId !== null ? 'generated' : 'uploaded';
}

const VISIBLE_COLUMNS = VALUE_COLUMNS.filter((c) => !QUIET_COLUMNS.has(c));
const COMPARED_COLUMNS = VALUE_COLUMNS.filter((c) => c !== 'last_seen_at');

export interface MergeResult {
  next: FileValues;
  /** True when a field a person can see changed (or the file is new). */
  visible: boolean;
}

export function mergeFile(
  prev: FileValues | undefined,
  f: FileUpdate,
  meta: UpsertMeta,
  linked: LinkedExecution | null,
  now: number,
): MergeResult {
  if (!prev) return { next: newRow(f, meta, linked, now), visible: true };
  const next: FileValues = { ...prev };
  next.scope = f.scope;
  next.type = f.type ?? next.type;
  next.display_name = f.displayName ?? next.display_name;
  next.description = f.description ?? next.description;
  next.transcript = f.transcript ?? next.transcript;
  next.duration_seconds = f.durationSeconds ?? next.duration_seconds;
  next.source_tool_type = f.sourceToolType ?? next.source_tool_type;
  next.source_tool_execution_id = f.sourceToolExecutionId ?? next.source_tool_execution_id;

  for (const s of SOURCE_COLS) mergeSource(next as unknown as Loose, prev as unknown as Loose | undefined, s.c, f.sources[s.prefix], now);

  const pub = f.publicPreview;
  if (pub?.enabled === false) {
    next.public_enabled = 0;
    next.public_url = null;
    next.public_hls_url = null;
    next.public_playback_id = null;
  } else if (pub?.enabled === true) {
    next.public_enabled = 1;
    next.public_url = pub.url ?? next.public_url;
    next.public_hls_url = pub.hlsUrl ?? next.public_hls_url;
    next.public_playback_id = pub.playbackId ?? next.public_playback_id;
  }

  const a = f.analysis;
  if (a) {
    next.analysis_state = a.state;
    next.analysis_progress = a.progress;
    next.analysis_attempt = a.attempt;
  }

  // A link found now (by meta or by the remote execution id) decides the origin again.
  const newlyLinked = linked !== null && prev.execution_id !== linked.id;
  next.origin = meta.origin ?? (!newlyLinked ? prev.origin : deriveOrigin(f, linked));
  next.execution_id = meta.executionId ?? next.execution_id ?? linked?.id ?? null;
  next.uploaded_from = meta.uploadedFrom ?? next.uploaded_from;
  next.last_seen_at = now;

  let visible = false;
  for (const c of VISIBLE_COLUMNS) if (prev[c] !== next[c]) { visible = true; break; }
  if (visible) next.updated_at = now;
  return { next, visible };
}

/**
 * The row of a file the cache does not hold yet: the rules above applied to an empty row
 * (a new file is always a visible change), as one object literal. A library sync inserts
 * pages of 200 new files; copying an empty row and filling it column by column by name
 * cost ~10x more.
 */
function newRow(f: FileUpdate, meta: UpsertMeta, linked: LinkedExecution | null, now: number): FileValues {
  const { thumb: t, preview: p, download: d, hls: h } = f.sources;
  const pub = f.publicPreview?.enabled === true ? f.publicPreview : null;
  const a = f.analysis;
  return {
    file_id: f.fileId,
    type: f.type,
    scope: f.scope,
    display_name: f.displayName ?? '',
    description: f.description,
    transcript: f.transcript,
    duration_seconds: f.durationSeconds,
    thumb_status: t ? t.status : null,
    thumb_url: t ? t.url : null,
    thumb_expires_at: t ? newExpiry(t) : null,
    thumb_width: t ? t.width : null,
    thumb_height: t ? t.height : null,
    thumb_bytes: t ? t.bytes : null,
    preview_status: p ? p.status : null,
    preview_url: p ? p.url : null,
    preview_expires_at: p ? newExpiry(p) : null,
    preview_width: p ? p.width : null,
    preview_height: p ? p.height : null,
    preview_bytes: p ? p.bytes : null,
    download_status: d ? d.status : null,
    download_url: d ? d.url : null,
    download_expires_at: d ? newExpiry(d) : null,
    download_width: d ? d.width : null,
    download_height: d ? d.height : null,
    download_bytes: d ? d.bytes : null,
    hls_status: h ? h.status : null,
    hls_url: h ? h.url : null,
    hls_expires_at: h ? newExpiry(h) : null,
    hls_width: h ? h.width : null,
    hls_height: h ? h.height : null,
    hls_bytes: h ? h.bytes : null,
    public_enabled: pub ? 1 : 0,
    public_url: pub ? pub.url : null,
    public_hls_url: pub ? pub.hlsUrl : null,
    public_playback_id: pub ? pub.playbackId : null,
    source_tool_type: f.sourceToolType,
    source_tool_execution_id: f.sourceToolExecutionId,
    analysis_state: a ? a.state : null,
    analysis_progress: a ? a.progress : null,
    analysis_attempt: a ? a.attempt : null,
    origin: meta.origin ?? deriveOrigin(f, linked),
    execution_id: meta.executionId ?? linked?.id ?? null,
    uploaded_from: meta.uploadedFrom ?? null,
    created_at: meta.addedAt ?? now,
    updated_at: now,
    last_seen_at: now,
    list_rank: 0,
    archived: 0,
    pinned: 0,
  };
}

/** A new file's rendition expiry: kept only with a URL (as in `mergeSource`). */
function newExpiry(src: SourceUpdate): number | null {
  return src.url === null ? null : src.expiresAt;
}

/** True when any stored column other than `last_seen_at` differs. */
export function differs(prev: FileValues, next: FileValues): boolean {
  for (const c of COMPARED_COLUMNS) if (prev[c] !== next[c]) return true;
  return false;
}

/** Of two rows that differ: true when only signed URLs (and their expiry) changed. */
export function onlyUrlsDiffer(prev: FileValues, next: FileValues): boolean {
  for (const c of COMPARED_COLUMNS) if (prev[c] !== next[c] && !URL_COLUMNS.has(c)) return false;
  return true;
}
