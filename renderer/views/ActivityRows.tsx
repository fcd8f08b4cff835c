import { useState, type DragEvent } from 'react';
import { EXPORT_JOB, REMIX_JOB, workflowLabel, workflowOfJob, workflowTypeOf } from '../../main/contract/studio-catalog';
import type { ExecutionView, LipsyncRequest, UploadView } from '../../main/contract';
import { api } from '../transport/client';
import { Icon } from '../components/Icon';
import { Thumb } from '../components/Media';
import { useFileSummary } from '../components/FileChip';
import { formatBytes, formatEta, formatRelative, formatSpeed } from '../lib/format';
import { toolById } from '../generate/tools';
import { openInLibrary } from '../state/actions';
import { ACTIVE_EXECUTION_STATES } from '../state/executions';
import { ACTIVE_UPLOAD_STATES, inLine, refreshUploadRows } from '../state/uploads';
import { openGenerate, toastError } from '../state/ui';

const EXEC_STATUS: Record<ExecutionView['status'], string> = {
  queued: 'Queued',
  submitting: 'Sending',
  unknown: 'Checking',
  pending: 'Waiting',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const UPLOAD_STATUS: Record<UploadView['state'], string> = {
  receiving: 'Receiving',
  queued: 'Queued',
  hashing: 'Reading',
  creating: 'Starting',
  uploading: 'Uploading',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function statusClass(s: string): string {
  if (s === 'succeeded' || s === 'ready') return 'ok';
  if (s === 'failed') return 'failed';
  if (s === 'cancelled') return 'muted';
  return 'active';
}

function ResultThumb({ fileId }: { fileId: string }) {
  const f = useFileSummary(fileId);
  const name = f?.displayName ?? 'Result';
  return (
    <button type="button" className="result-thumb" onClick={() => openInLibrary(fileId)} aria-label={`Open ${name} in the library`} title={name}>
      <Thumb fileId={fileId} type={f?.type ?? null} hasThumbnail={!!f?.hasThumbnail} videoFrame={f?.origin === 'lipsync'} />
    </button>
  );
}

/** The tool's name as the Generate view shows it ("Image", "Video clip"), for any tool string. */
export function toolLabel(tool: string): string {
  const def = toolById(tool);
  if (def) return def.label;
  if (tool === EXPORT_JOB) return 'Export MP4';
  if (tool === REMIX_JOB) return 'Remix';
  const workflow = workflowOfJob(tool);
  if (workflow) return `${workflowLabel[workflowTypeOf[workflow]]} video`;
  const words = tool.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What the run was about: the core's label (prompt or script), else a word about its input. */
export function requestSummary(e: ExecutionView): string {
  const p = e.request.params;
  const text = (typeof p['prompt'] === 'string' && p['prompt']) || (typeof p['ttsText'] === 'string' && p['ttsText']) || '';
  if (text) return text;
  if (e.label && e.label.toLowerCase() !== e.tool.replaceAll('-', ' ') && e.label !== toolLabel(e.tool)) {
    // A remix shows each action's progress (main keeps it in remoteStatus).
    const stage = e.tool === REMIX_JOB || (workflowOfJob(e.tool) && e.remoteStatus?.startsWith('Applying')) ? e.remoteStatus : null;
    return stage && ACTIVE_EXECUTION_STATES.has(e.status) ? `${e.label} — ${stage}` : e.label;
  }
  return '';
}

/** A lip-sync input by name: the library file's name, a URL's last part, a local file's name. */
function SyncRefName({ r }: { r: LipsyncRequest['visual']['ref'] | undefined }) {
  const f = useFileSummary(r?.kind === 'library' ? r.fileId : null);
  if (!r) return <>?</>;
  if (r.kind === 'library') return <>{f?.displayName ?? (f === null ? 'a removed file' : '…')}</>;
  const raw = r.kind === 'url' ? r.url.split(/[?#]/)[0]! : r.path;
  let last = raw.split(/[\\/]/).filter(Boolean).pop() ?? raw;
  try {
    last = decodeURIComponent(last);
  } catch {
    /* keep it as written */
  }
  return <>{last}</>;
}

/** What a lip-sync run was made from: model, face, voice (kept, so a failed run can be retried or edited). */
function LipsyncInputs({ e }: { e: ExecutionView }) {
  const r = e.request.params as Partial<LipsyncRequest>;
  const script = r.voice?.type === 'text' ? r.voice.script : null;
  return (
    <div className="arow-sub arow-inputs" title={script ?? undefined}>
      {r.model ? <code className="small">{r.model}</code> : null} <SyncRefName r={r.visual?.ref} /> +{' '}
      {script != null ? <>“{script}”</> : <SyncRefName r={r.voice?.type === 'audio' ? r.voice.ref : undefined} />}
    </div>
  );
}

/** The one input file of single-file tools (upscale, remove background…), by name. */
function InputName({ fileId }: { fileId: string }) {
  const f = useFileSummary(fileId);
  return <div className="arow-sub">From {f?.displayName ?? '…'}</div>;
}

const INPUT_PARAMS = ['imageStorageFileId', 'videoStorageFileId', 'audioStorageFileId', 'fileId'];

export function ExecutionRow({ e, compact = false }: { e: ExecutionView; compact?: boolean }) {
  const active = ACTIVE_EXECUTION_STATES.has(e.status);
  /** Waiting for a working key (its note says so). */
  const paused = active && e.error?.code === 'key_rejected';
  const title = toolLabel(e.tool);
  const pct = e.status === 'succeeded' ? 100 : (e.progress ?? null);
  const summary = requestSummary(e);
  const cancel = () => api().invoke('executions.cancel', { id: e.id }).catch((err) => toastError('Cancel', err));
  const retry = () => api().invoke('executions.retry', { id: e.id }).catch((err) => toastError('Retry', err));
  return (
    <li className={`arow arow-${statusClass(e.status)}${compact ? ' arow-compact' : ''}`} data-execution-id={e.id}>
      <div className="arow-icon" aria-hidden="true">
        <Icon name={e.provider === 'sync' ? 'lipsync' : 'sparkle'} />
      </div>
      <div className="arow-main">
        <div className="arow-title">
          <span className="arow-name">{title}</span>
          <span className={`badge badge-${paused ? 'warn' : statusClass(e.status)}`}>{paused ? 'Paused' : (EXEC_STATUS[e.status] ?? e.status)}</span>
          {e.attempt > 0 && active ? <span className="muted small">attempt {e.attempt + 1}</span> : null}
          {!compact ? <span className="muted small arow-when">{formatRelative(e.createdAt)}</span> : null}
        </div>
        {e.provider === 'sync' ? (
          <LipsyncInputs e={e} />
        ) : summary ? (
          <div className="arow-sub" title={summary}>
            {summary}
          </div>
        ) : (
          INPUT_PARAMS.map((k) => e.request.params[k]).filter((x): x is string => typeof x === 'string').slice(0, 1).map((id) => <InputName key={id} fileId={id} />)
        )}
        {active && e.error ? (
          <div className={`arow-sub ${paused ? 'arow-note-warn' : 'muted'}`}>{e.error.message}</div>
        ) : e.status === 'queued' && !compact ? (
          <div className="arow-sub muted">Waiting for a free slot or the network; it starts on its own.</div>
        ) : null}
        {active ? (
          <div className="arow-progress">
            <progress max={100} value={pct ?? undefined} aria-label={title} />
            <span className="muted small">{pct != null ? `${Math.round(pct)}%` : ''}</span>
          </div>
        ) : null}
        {e.error && e.status === 'failed' ? (
          <div className="arow-error">
            {e.error.message} <code>{e.error.code}</code>
          </div>
        ) : null}
        {e.resultFileIds.length ? (
          <div className="arow-results">
            {e.resultFileIds.slice(0, compact ? 4 : 12).map((id) => (
              <ResultThumb key={id} fileId={id} />
            ))}
            {e.resultFileIds.length > (compact ? 4 : 12) ? <span className="muted small">+{e.resultFileIds.length - (compact ? 4 : 12)}</span> : null}
          </div>
        ) : null}
      </div>
      <div className="arow-actions">
        {active && (e.status === 'queued' || (e.tool !== EXPORT_JOB && e.tool !== REMIX_JOB)) ? (
          // VideoGen can't stop an export or a remix once it has started: no Cancel that can't cancel.
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void cancel()} aria-label={`Cancel ${title}`}>
            <Icon name="cancel" />
            {compact ? null : 'Cancel'}
          </button>
        ) : e.status === 'failed' || e.status === 'cancelled' ? (
          <>
            {toolById(e.tool) ? (
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => openGenerate(e.tool, e.request.params)}
                aria-label={`Edit ${title} inputs`}
                title="Open the form with these inputs, to change them before running again"
              >
                <Icon name="reuse" />
                {compact ? null : 'Edit'}
              </button>
            ) : null}
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => void retry()} aria-label={`Retry ${title}`} title="Send the same request again">
              <Icon name="retry" />
              {compact ? null : 'Retry'}
            </button>
          </>
        ) : null}
      </div>
    </li>
  );
}

/** What a dragged upload row carries (its id); other drags (files from the desktop) pass by. */
const UPLOAD_DRAG_TYPE = 'application/x-atelier-upload';

/**
 * A queued upload to another place in line. When it has meanwhile started (or the anchor has),
 * main leaves it be and says so: the row is read again and shows what is true now.
 */
function moveUpload(u: UploadView, to: 'top' | { before: string } | { after: string }): void {
  api()
    .invoke('uploads.move', { uploadId: u.uploadId, to })
    .then(({ moved }) => {
      if (!moved) refreshUploadRows([u.uploadId]);
    })
    .catch((err) => toastError('Move upload', err));
}

/** Dragging a queued row onto another queued row: before it (upper half) or after it (lower half). */
function useLineDrag(u: UploadView) {
  const movable = inLine(u);
  const [over, setOver] = useState<'before' | 'after' | null>(null);
  const [dragging, setDragging] = useState(false);
  const side = (e: DragEvent<HTMLElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return e.clientY < r.top + r.height / 2 ? 'before' : 'after';
  };
  const carries = (e: DragEvent<HTMLElement>) => Array.from(e.dataTransfer.types).includes(UPLOAD_DRAG_TYPE);
  if (!movable) return { props: {}, over: null, dragging: false };
  return {
    over,
    dragging,
    props: {
      draggable: true,
      onDragStart: (e: DragEvent<HTMLElement>) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData(UPLOAD_DRAG_TYPE, u.uploadId);
        setDragging(true);
      },
      onDragEnd: () => setDragging(false),
      onDragOver: (e: DragEvent<HTMLElement>) => {
        if (!carries(e) || dragging) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        const s = side(e);
        if (s !== over) setOver(s);
      },
      onDragLeave: () => setOver(null),
      onDrop: (e: DragEvent<HTMLElement>) => {
        setOver(null);
        const moving = e.dataTransfer.getData(UPLOAD_DRAG_TYPE);
        if (!moving) return;
        e.preventDefault();
        if (moving === u.uploadId) return;
        moveUpload({ ...u, uploadId: moving }, side(e) === 'before' ? { before: u.uploadId } : { after: u.uploadId });
      },
    },
  };
}

/** `asDiv`: inside a virtualized list, whose own slots are the list items. */
export function UploadRow({ u, asDiv = false }: { u: UploadView; asDiv?: boolean }) {
  const Row = asDiv ? 'div' : 'li';
  const drag = useLineDrag(u);
  const movable = inLine(u);
  const nameId = `upload-name-${u.uploadId}`;
  const active = ACTIVE_UPLOAD_STATES.has(u.state);
  const paused = active && u.error?.code === 'key_rejected';
  const pct = u.size > 0 ? Math.min(100, (u.bytesSent / u.size) * 100) : 0;
  const cancel = () => api().invoke('uploads.cancel', { uploadId: u.uploadId }).catch((err) => toastError('Cancel upload', err));
  const retry = () => api().invoke('uploads.retry', { uploadId: u.uploadId }).catch((err) => toastError('Retry upload', err));
  const detail =
    u.state === 'uploading'
      ? [`${formatBytes(u.bytesSent)} of ${formatBytes(u.size)}`, formatSpeed(u.speedBps), formatEta(u.size - u.bytesSent, u.speedBps)].filter((x) => x && x !== '—').join(' · ')
      : u.state === 'ready'
        ? formatBytes(u.size)
        : u.state === 'processing'
          ? `${formatBytes(u.size)} · processing on VideoGen`
          : formatBytes(u.size);
  const open = u.fileId && (u.state === 'ready' || u.state === 'processing') ? () => openInLibrary(u.fileId!) : null;
  return (
    <Row
      className={`arow arow-${statusClass(u.state)}${movable ? ' arow-in-line' : ''}${drag.dragging ? ' is-dragging' : ''}${drag.over ? ` is-drop-${drag.over}` : ''}`}
      data-upload-id={u.uploadId}
      {...drag.props}
    >
      <div className="arow-icon" aria-hidden="true" title={movable ? 'Drag to change its place in line' : undefined}>
        {u.fileId ? <Thumb fileId={u.fileId} type={null} hasThumbnail={u.state === 'ready'} /> : <Icon name={movable ? 'drag' : 'upload'} />}
      </div>
      <div className="arow-main">
        <div className="arow-title">
          {open ? (
            <button type="button" className="arow-name btn-link" onClick={open} title="Show in the library">
              {u.name}
            </button>
          ) : (
            <span className="arow-name" id={nameId}>
              {u.name}
            </span>
          )}
          <span className={`badge badge-${paused ? 'warn' : statusClass(u.state)}`}>{paused ? 'Paused' : (UPLOAD_STATUS[u.state] ?? u.state)}</span>
          {u.attempts > 1 && active ? <span className="muted small">attempt {u.attempts}</span> : null}
        </div>
        {active ? (
          <div className="arow-progress">
            <progress max={100} value={u.state === 'queued' || u.state === 'hashing' || u.state === 'creating' ? undefined : u.state === 'processing' ? 100 : pct} aria-label={u.name} />
            <span className="muted small">{u.state === 'uploading' ? `${Math.round(pct)}%` : ''}</span>
          </div>
        ) : null}
        <div className="arow-sub">{detail}</div>
        {active && u.error ? <div className={`arow-sub ${paused ? 'arow-note-warn' : 'muted'}`}>{u.error.message}</div> : null}
        {u.error && u.state === 'failed' ? (
          <div className="arow-error">
            {u.error.message} <code>{u.error.code}</code>
          </div>
        ) : null}
      </div>
      <div className="arow-actions">
        {movable ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => moveUpload(u, 'top')} aria-describedby={nameId} title="Start this one next">
            <Icon name="to-top" />
            Move to top
          </button>
        ) : null}
        {active ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void cancel()} aria-label={`Cancel ${u.name}`}>
            <Icon name="cancel" />
            Cancel
          </button>
        ) : u.state === 'failed' || u.state === 'cancelled' ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void retry()} aria-label={`Retry ${u.name}`}>
            <Icon name="retry" />
            Retry
          </button>
        ) : null}
      </div>
    </Row>
  );
}
