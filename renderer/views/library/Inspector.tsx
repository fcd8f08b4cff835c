import { AddToCollection, RatingField, TagsField } from './Organize';
import { openCompare } from '../../components/Compare';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { FileDetail, FileSourceView, LipsyncRequest, UploadView } from '../../../main/contract';
import { Icon } from '../../components/Icon';
import { FullImage, Player, Thumb } from '../../components/Media';
import { FileChip } from '../../components/FileChip';
import { usePosterFrame } from '../../lib/poster';
import { formatBytes, formatDate, formatDuration, toolTypeLabel, typeLabel } from '../../lib/format';
import { useLibrary } from '../../state/library';
import { clearSelection, selectionCount, useSelection } from '../../state/selection';
import {
  archiveFiles,
  archiveSelection,
  copyText,
  downloadFile,
  pinFiles,
  quickLook,
  revealFile,
  openInLibrary,
  selectedIds,
  sendToVideoGen,
  setPublicPreview,
  takeInspectorFocus,
  useSentToVideoGen,
} from '../../state/actions';
import { ACTIVE_UPLOAD_STATES, useUploads } from '../../state/uploads';
import { mediaUrl } from '../../state/status';
import { openGenerate } from '../../state/ui';
import { api } from '../../transport/client';
import { batchTools, toolById } from '../../generate/tools';
import { useStatus } from '../../state/status';

function Section({ title, children, defaultOpen = true }: { title: string; children: ReactNode; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <section className="insp-section">
      <h3>
        <button type="button" className="insp-section-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />
          {title}
        </button>
      </h3>
      {open ? <div className="insp-section-body">{children}</div> : null}
    </section>
  );
}

function Meta({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="meta">
      {rows.map(([k, v]) => (
        <div key={k} className="meta-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function sourceText(s: FileSourceView | null): string {
  if (!s) return '—';
  const parts: string[] = [s.status];
  if (s.width && s.height) parts.push(`${s.width}×${s.height}`);
  if (s.bytes) parts.push(formatBytes(s.bytes));
  if (s.cached) parts.push('cached');
  return parts.join(' · ');
}

function ParamValue({ v }: { v: unknown }) {
  if (v === null || v === undefined) return <span className="muted">—</span>;
  if (typeof v === 'string') return <span className="param-str">{v}</span>;
  if (typeof v === 'number' || typeof v === 'boolean') return <code>{String(v)}</code>;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return (
      <span className="param-list">
        {v.length === 0 ? <span className="muted">none</span> : v.map((x) => <code key={x}>{x}</code>)}
      </span>
    );
  }
  const o = v as { width?: unknown; height?: unknown };
  if (o && typeof o === 'object' && typeof o.width === 'number' && typeof o.height === 'number') return <code>{`${o.width}:${o.height}`}</code>;
  return <code className="param-json">{JSON.stringify(v)}</code>;
}

type SyncRef = LipsyncRequest['visual']['ref'];

/** A lip-sync input: the library file as a chip, a URL, or a local file's name. */
function SyncInput({ r }: { r: SyncRef | undefined }) {
  if (!r) return <span className="muted">—</span>;
  return (
    <span className="sync-input">
      {r.kind === 'library' ? (
        <FileChip fileId={r.fileId} />
      ) : r.kind === 'url' ? (
        <span className="param-str path" title={r.url}>
          {r.url}
        </span>
      ) : (
        <span className="param-str path" title={r.path}>
          {r.path.split(/[\\/]/).pop()}
        </span>
      )}
    </span>
  );
}

const SYNC_OPTION_LABELS: Record<string, string> = {
  sync_mode: 'Length mismatch',
  temperature: 'Temperature',
  active_speaker_detection: 'Active speaker',
  occlusion_detection_enabled: 'Occlusion detection',
  model_mode: 'Animate',
  prompt: 'Emotion',
};

function syncOptionText(key: string, v: unknown): string {
  if (key === 'active_speaker_detection') {
    const o = v as { auto_detect?: boolean; frame_number?: number; coordinates?: number[]; bounding_boxes?: Array<number[] | null> } | null;
    const boxes = o?.bounding_boxes;
    return (
      [
        o?.auto_detect ? 'detect automatically' : null,
        o?.frame_number != null ? `frame ${o.frame_number}` : null,
        o?.coordinates ? `at x ${o.coordinates[0]}, y ${o.coordinates[1]}` : null,
        boxes ? `${boxes.length} ${boxes.length === 1 ? 'box' : 'boxes'} (first: ${boxes[0] ? boxes[0].join(', ') : 'none'})` : null,
      ]
        .filter(Boolean)
        .join(', ') || 'on'
    );
  }
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return String(v).replace(/_/g, ' ');
}

/** The lip-sync form as it was sent: model, the two inputs, options (README B2/B5). */
function LipsyncParams({ params }: { params: Record<string, unknown> }) {
  const r = params as Partial<LipsyncRequest>;
  const options = Object.entries(r.options ?? {}).filter(([, v]) => v !== undefined);
  const rows: Array<[string, ReactNode]> = [
    ['Model', r.model ? <code>{r.model}</code> : <span className="muted">—</span>],
    [r.visual?.type === 'image' ? 'Image' : 'Video', <SyncInput r={r.visual?.ref} />],
    ...(r.voice?.type === 'text'
      ? ([
          ['Script', <span className="param-str">“{r.voice.script}”</span>],
          ['Voice id', <code>{r.voice.voiceId}</code>],
          ...(r.voice.stability !== undefined ? [['Stability', <code>{String(r.voice.stability)}</code>]] : []),
          ...(r.voice.similarityBoost !== undefined ? [['Similarity boost', <code>{String(r.voice.similarityBoost)}</code>]] : []),
        ] as Array<[string, ReactNode]>)
      : ([['Audio', <SyncInput r={r.voice?.ref} />]] as Array<[string, ReactNode]>)),
    ...(options.length
      ? options.map(([k, v]): [string, ReactNode] => [SYNC_OPTION_LABELS[k] ?? k, <code>{syncOptionText(k, v)}</code>])
      : ([['Options', <span className="muted">Sync's defaults</span>]] as Array<[string, ReactNode]>)),
    ...(r.segments ?? []).map((g, i): [string, ReactNode] => [
      `Segment ${i + 1}`,
      <span className="sync-input">
        <code>
          {g.startTime}–{g.endTime} s
        </code>{' '}
        <SyncInput r={g.audio} />
        {g.audioStartTime !== undefined || g.audioEndTime !== undefined ? (
          <code>
            {' '}
            audio {g.audioStartTime ?? 0}–{g.audioEndTime ?? 'end'}
            {g.audioEndTime !== undefined ? ' s' : ''}
          </code>
        ) : null}
      </span>,
    ]),
    ...(r.outputFileName ? ([['Output name', <code>{r.outputFileName}</code>]] as Array<[string, ReactNode]>) : []),
  ];
  return (
    <dl className="meta params" aria-label="Request parameters">
      {rows.map(([k, v]) => (
        <div key={k} className="meta-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A take spoken from a script: Sync's speech for it is kept on this computer, and another take
 * can use exactly that speech as its audio (the same inputs otherwise).
 */
function ReuseSpeech({ d }: { d: FileDetail }) {
  const [found, setFound] = useState<{ executionId: string; path: string | null } | null>(null);
  const params = d.request?.params as Partial<LipsyncRequest> | undefined;
  const spoken = d.request?.provider === 'sync' && params?.voice?.type === 'text' && !!d.executionId;
  useEffect(() => {
    const executionId = d.executionId;
    if (!spoken || !executionId) return;
    let live = true;
    api()
      .invoke('lipsync.synthesizedAudio', { executionId })
      .then((r) => live && setFound({ executionId, path: r?.path ?? null }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [spoken, d.executionId]);
  const speech = spoken && found?.executionId === d.executionId ? found.path : null;
  if (!speech || !params) return null;
  return (
    <button
      type="button"
      className="btn btn-sm"
      title="Open Lip-sync with the speech Sync made for this take as the audio, so another take says it exactly the same way"
      onClick={() => openGenerate('lipsync', { ...params, voice: { type: 'audio', ref: { kind: 'path', path: speech } } })}
    >
      <Icon name="audio" />
      Use its synthesized audio
    </button>
  );
}

function RequestSection({ d }: { d: FileDetail }) {
  const req = d.request;
  if (!req) return null;
  const tool = toolById(req.tool);
  return (
    <Section title="Request">
      <div className="request-head">
        <span className="badge">{req.provider === 'sync' ? 'Sync' : 'VideoGen'}</span>
        <code>{req.provider === 'sync' ? 'lipsync · /v2/generate' : req.tool}</code>
      </div>
      {req.provider === 'sync' ? (
        <LipsyncParams params={req.params} />
      ) : (
        <dl className="meta params" aria-label="Request parameters">
          {Object.entries(req.params).map(([k, v]) => (
            <div key={k} className="meta-row">
              <dt>{k}</dt>
              <dd>
                <ParamValue v={v} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      <div className="insp-actions">
        <button
          type="button"
          className="btn btn-primary btn-sm"
          disabled={!tool}
          title={tool ? `Open ${tool.label} with these settings` : 'This tool is not available in Atelier'}
          onClick={() => openGenerate(req.tool, req.params)}
        >
          <Icon name="reuse" />
          Reuse
        </button>
        <ReuseSpeech d={d} />
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void copyText(JSON.stringify(req.params, null, 2), 'Request')}>
          <Icon name="copy" />
          Copy JSON
        </button>
      </div>
    </Section>
  );
}

function PublicPreview({ d }: { d: FileDetail }) {
  const [busy, setBusy] = useState(false);
  const online = useStatus((s) => s.online);
  const link = d.publicPreview.hlsUrl ?? d.publicPreview.url;
  return (
    <div className="public-preview">
      <label className="switch-row">
        <span>
          <span className="switch-label">Public preview</span>
          <span className="switch-help">Anyone with the link can view it.</span>
        </span>
        <input
          type="checkbox"
          role="switch"
          className="switch"
          checked={d.publicPreview.enabled}
          disabled={busy || !online}
          onChange={async (e) => {
            setBusy(true);
            await setPublicPreview(d.fileId, e.target.checked);
            setBusy(false);
          }}
        />
      </label>
      {d.publicPreview.enabled ? (
        link ? (
          <div className="copy-field">
            <input readOnly value={link} aria-label="Public link" onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="btn btn-sm" onClick={() => void copyText(link, 'Public link')}>
              <Icon name="copy" />
              Copy
            </button>
          </div>
        ) : (
          <p className="muted small">The public link is being prepared…</p>
        )
      ) : null}
    </div>
  );
}

const SENDING: Partial<Record<UploadView['state'], string>> = {
  queued: 'Waiting to upload…',
  hashing: 'Reading the file…',
  creating: 'Starting the upload…',
  uploading: 'Uploading',
  processing: 'VideoGen is processing it…',
};

/**
 * A lip-sync result lives only on this computer: what that means, and the one action that
 * puts it in the VideoGen library (a normal upload, followed here and in Activity).
 */
function LocalOnly({ d }: { d: FileDetail }) {
  const uploadId = useSentToVideoGen((s) => s[d.fileId]);
  const u = useUploads((s) => (uploadId ? s.byId.get(uploadId) : undefined));
  const online = useStatus((s) => s.online);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    await sendToVideoGen(d.fileId, d.displayName);
    setBusy(false);
  };
  const pct = u && u.size > 0 ? Math.min(100, Math.round((u.bytesSent / u.size) * 100)) : 0;
  const active = !!u && ACTIVE_UPLOAD_STATES.has(u.state);
  return (
    <section className="local-only" aria-label="Only on this computer">
      <div className="local-only-head">
        <Icon name="lipsync" size={14} />
        <span>Only on this computer</span>
      </div>
      <p className="local-only-text">
        Sync made this video and Atelier keeps it here. Add it to your VideoGen library to share a public link, archive it, or use it in other tools.
      </p>
      {u?.state === 'ready' && u.fileId ? (
        <div className="local-only-status is-done" role="status">
          <Icon name="check" size={14} />
          <span>In your VideoGen library</span>
          <button type="button" className="btn btn-sm" onClick={() => openInLibrary(u.fileId!)}>
            Show
          </button>
        </div>
      ) : active ? (
        <div className="local-only-status" role="status">
          <span className="local-only-state">
            {SENDING[u.state] ?? 'Uploading'}
            {u.state === 'uploading' ? ` ${pct}%` : ''}
          </span>
          <progress
            max={100}
            value={u.state === 'uploading' ? pct : u.state === 'processing' ? 100 : undefined}
            aria-label="Adding to VideoGen library"
          />
          {!online ? <span className="muted small">Offline: it continues when the connection returns.</span> : null}
        </div>
      ) : (
        <>
          {u && (u.state === 'failed' || u.state === 'cancelled') ? (
            <p className="local-only-error" role="alert">
              {u.state === 'failed' ? (u.error?.message ?? 'The upload failed.') : 'The upload was cancelled.'}
            </p>
          ) : null}
          <div className="insp-actions">
            <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => void send()}>
              {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="upload" />}
              {u ? 'Try adding again' : 'Add to VideoGen library'}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

const LOCAL_ONLY_WHY = 'This lip-sync result is only on this computer. Add it to your VideoGen library first';

function DetailView({ d }: { d: FileDetail }) {
  const online = useStatus((s) => s.online);
  const titleRef = useRef<HTMLHeadingElement>(null);
  // Opened from Activity or a toast: the button that asked is gone, the file's name takes focus.
  useEffect(() => {
    if (takeInspectorFocus(d.fileId)) titleRef.current?.focus();
  }, [d.fileId]);
  // The web host receives dropped bytes into its own folder: that path means nothing to the person.
  const showPath = useStatus((s) => s.info?.host === 'electron') && !!d.uploadedFrom;
  const analysis = d.analysis;
  const dims = d.width && d.height ? `${d.width} × ${d.height}` : null;
  const local = d.origin === 'lipsync';
  const info = useStatus((s) => s.info);
  const poster = usePosterFrame(local && d.type === 'VIDEO' && info ? mediaUrl(info, d.fileId, 'preview') : null);
  return (
    <div className="inspector-body">
      <div className="insp-preview">
        {d.type === 'VIDEO' || d.type === 'AUDIO' ? (
          <Player key={d.fileId} fileId={d.fileId} type={d.type} poster={poster ?? undefined} />
        ) : d.type === 'IMAGE' ? (
          <FullImage fileId={d.fileId} name={d.displayName} open={{ className: 'insp-image', label: `Quick look ${d.displayName}`, onOpen: () => quickLook(d.fileId) }} />
        ) : (
          <div className="insp-image">
            <Thumb fileId={d.fileId} type={d.type} hasThumbnail={d.hasThumbnail} />
          </div>
        )}
      </div>
      <h2 className="insp-title" title={d.displayName} ref={titleRef} tabIndex={-1}>
        {d.displayName}
      </h2>
      <div className="insp-badges">
        <span className="badge">{typeLabel(d.type)}</span>
        {d.status !== 'ready' ? <span className={`badge badge-${d.status}`}>{d.status === 'processing' ? 'Processing' : 'Failed'}</span> : null}
        {d.origin !== 'uploaded' ? <span className="badge badge-accent">{toolTypeLabel(d.toolType)}</span> : <span className="badge">Uploaded</span>}
        {d.scope === 'TEMPORARY' ? <span className="badge badge-warn">Temporary</span> : null}
        {d.pinned ? <span className="badge">Pinned</span> : null}
      </div>
      {d.scope === 'TEMPORARY' ? (
        <p className="muted small insp-temporary">
          Temporary: VideoGen keeps it at least 24 hours after it was made, then may archive it at any time. VideoGen gives no exact date.
        </p>
      ) : null}
      <div className="insp-actions" role="group" aria-label="File actions">
        <button type="button" className="btn btn-sm" onClick={() => quickLook(d.fileId)} title="Quick look (Space)">
          <Icon name="eye" />
          Preview
        </button>
        {compareInput(d) ? (
          <button type="button" className="btn btn-sm" onClick={() => openCompare([compareInput(d)!, d.fileId])}>
            <Icon name="eye" />
            Compare with input
          </button>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={() => void downloadFile(d.fileId, d.displayName)}>
          <Icon name="download" />
          Download
        </button>
        <button type="button" className="btn btn-sm" onClick={() => void revealFile(d.fileId)}>
          <Icon name="reveal" />
          Reveal
        </button>
        {local ? (
          <button type="button" className="btn btn-sm" disabled title="Lip-sync results are always kept on this computer; there is nothing to pin.">
            <Icon name="pin" />
            Kept offline
          </button>
        ) : (
          <button type="button" className="btn btn-sm" aria-pressed={d.pinned} onClick={() => void pinFiles([d.fileId], !d.pinned)}>
            <Icon name="pin" />
            {d.pinned ? 'Unpin' : 'Pin offline'}
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm btn-danger"
          disabled={local || !online}
          title={local ? `${LOCAL_ONLY_WHY} to archive it there.` : !online ? 'Archiving needs a connection.' : undefined}
          onClick={() => void archiveFiles([d.fileId], [d.displayName])}
        >
          <Icon name="archive" />
          Archive
        </button>
      </div>
      <div className="insp-organize" role="group" aria-label="Organize">
        <RatingField ids={async () => [d.fileId]} rating={d.rating} />
        <TagsField ids={async () => [d.fileId]} tags={d.tags} />
        <AddToCollection ids={async () => [d.fileId]} />
      </div>
      {local ? <LocalOnly d={d} /> : <PublicPreview d={d} />}
      <RequestSection d={d} />
      <Section title="Details">
        <Meta
          rows={[
            ['Type', typeLabel(d.type)],
            ...(dims ? ([['Dimensions', dims]] as Array<[string, ReactNode]>) : []),
            ...(d.durationSeconds ? ([['Duration', formatDuration(d.durationSeconds)]] as Array<[string, ReactNode]>) : []),
            ['Size', formatBytes(d.bytes)],
            ['Scope', d.scope.charAt(0) + d.scope.slice(1).toLowerCase()],
            ['Origin', d.origin === 'uploaded' ? 'Uploaded' : d.origin === 'lipsync' ? 'Lip-sync' : 'Generated'],
            ...(d.toolType ? ([['Made by', toolTypeLabel(d.toolType)]] as Array<[string, ReactNode]>) : []),
            ['Added', formatDate(d.createdAt)],
            ['Updated', formatDate(d.updatedAt)],
            ...(showPath ? ([['From', <span className="path">{d.uploadedFrom}</span>]] as Array<[string, ReactNode]>) : []),
            ['File id', <code className="small">{d.fileId}</code>],
          ]}
        />
      </Section>
      <Section title="Processing">
        <Meta
          rows={[
            ['Status', d.status === 'ready' ? 'Ready' : d.status === 'processing' ? 'Processing…' : 'Failed'],
            ['Thumbnail', sourceText(d.sources.thumbnail)],
            ['Preview', sourceText(d.sources.preview)],
            ['Download', sourceText(d.sources.download)],
            ['Stream (HLS)', sourceText(d.sources.hls)],
          ]}
        />
      </Section>
      <Section title="Analysis">
        {analysis ? (
          <>
            <div className="analysis-state">
              <span>
                {analysis.state === 'FULFILLED'
                  ? 'Analysed'
                  : analysis.state === 'LOADING'
                    ? 'Analysing…'
                    : analysis.state === 'REJECTED'
                      ? 'Analysis failed'
                      : 'Not analysed yet'}
              </span>
              {analysis.state === 'LOADING' ? (
                <progress max={100} value={analysis.progress} aria-label="Analysis progress" />
              ) : null}
            </div>
            {d.description ? <p className="insp-text">{d.description}</p> : null}
            {d.transcript ? (
              <details className="insp-transcript">
                <summary>Transcript</summary>
                <p className="insp-text">{d.transcript}</p>
              </details>
            ) : null}
          </>
        ) : (
          <p className="muted small">
            {local
              ? 'VideoGen analyses it once it is in your VideoGen library.'
              : d.scope === 'TEMPORARY'
                ? 'Temporary files are never analysed.'
                : 'No analysis for this file.'}
          </p>
        )}
      </Section>
    </div>
  );
}

/** The tools whose output is best judged beside the file it was made from. */
const FROM_ONE_INPUT = new Set(['upscale-image', 'upscale-video', 'remove-image-background', 'remove-video-background', 'vectorize-image', 'image-3d-effect']);

/** The library file an output was made from, for "Compare with input" (null when there is none). */
function compareInput(d: FileDetail): string | null {
  const req = d.request;
  if (!req) return null;
  const p = req.params as Record<string, unknown>;
  if (req.provider === 'sync') {
    const ref = (p['visual'] as { ref?: { kind?: string; fileId?: string } } | undefined)?.ref;
    return ref?.kind === 'library' && ref.fileId ? ref.fileId : null;
  }
  if (!FROM_ONE_INPUT.has(req.tool)) return null;
  const input = p['imageStorageFileId'] ?? p['videoStorageFileId'];
  return typeof input === 'string' ? input : null;
}

function MultiSelection({ count }: { count: number }) {
  const batch = batchTools();
  return (
    <div className="inspector-body">
      <div className="multi-head">
        <div className="multi-stack" aria-hidden="true">
          <span />
          <span />
          <span />
        </div>
        <h2 className="insp-title">{count.toLocaleString()} selected</h2>
      </div>
      <div className="insp-actions column">
        <button
          type="button"
          className="btn"
          disabled={count < 2 || count > 4}
          title={count > 4 ? 'Compare takes 2 to 4 files' : 'Side by side (Shift+C)'}
          aria-keyshortcuts="Shift+C"
          onClick={async () => openCompare(await selectedIds())}
        >
          <Icon name="eye" />
          Compare
        </button>
        <button type="button" className="btn" onClick={async () => void pinFiles(await selectedIds(), true)}>
          <Icon name="pin" />
          Pin for offline
        </button>
        <button type="button" className="btn" onClick={async () => void pinFiles(await selectedIds(), false)}>
          Unpin
        </button>
        <button type="button" className="btn btn-danger" onClick={() => void archiveSelection()}>
          <Icon name="archive" />
          Archive…
        </button>
        <button type="button" className="btn btn-ghost" onClick={clearSelection}>
          Clear selection
        </button>
      </div>
      <div className="insp-organize" role="group" aria-label="Organize">
        <RatingField ids={selectedIds} rating={0} />
        <TagsField ids={selectedIds} tags={null} />
        <AddToCollection ids={selectedIds} />
      </div>
      <Section title="Run a tool on the selection">
        <div className="batch-tools">
          {batch.map(({ tool }) => (
            <button
              key={tool.id}
              type="button"
              className="btn btn-sm"
              onClick={() => openGenerate(tool.id, {}, { batch: true })}
            >
              {tool.label}
            </button>
          ))}
        </div>
        <p className="muted small">Each selected file of the right type gets its own run (up to 100).</p>
      </Section>
    </div>
  );
}

export function Inspector() {
  const detail = useLibrary((s) => s.detail);
  const detailId = useLibrary((s) => s.detailId);
  const error = useLibrary((s) => s.detailError);
  const total = useLibrary((s) => s.total) ?? 0;
  const count = useSelection((s) => selectionCount(s, total));
  let body: ReactNode;
  if (count > 1) body = <MultiSelection count={count} />;
  else if (detail) body = <DetailView d={detail} />;
  else if (detailId && error)
    body = (
      <div className="inspector-empty" role="alert">
        <Icon name="warning" size={20} />
        <p>Could not load this file: {error.message}</p>
      </div>
    );
  else if (detailId)
    body = (
      <div className="inspector-body" aria-busy="true">
        <div className="skeleton insp-skeleton-preview" />
        <div className="skeleton skeleton-line" />
        <div className="skeleton skeleton-line short" />
      </div>
    );
  else
    body = (
      <div className="inspector-empty">
        <Icon name="eye" size={20} />
        <p>Select a file to see its details, how it was made, and what you can do with it.</p>
      </div>
    );
  return (
    <aside className="inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
