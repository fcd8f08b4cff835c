/**
 * Activity's uploads: grouped by batch (one summary row per drop — counts, progress, time left,
 * expandable) and virtualized, so a 10,000-file drop renders a screenful of rows, not 10,000.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { UploadView } from '../../main/contract';
import { Icon } from '../components/Icon';
import { formatBytes } from '../lib/format';
import { useStatus } from '../state/status';
import { uploadDigest } from '../state/upload-digest';
import { ACTIVE_UPLOAD_STATES, useUploads } from '../state/uploads';
import type { Rows } from '../state/row-list';
import { UploadRow } from './ActivityRows';

export type UploadFilter = (u: UploadView) => boolean;

type Entry = { kind: 'batch'; batchId: string; ids: string[] } | { kind: 'upload'; id: string; nested: boolean };

/** A drop of at most this many files is shown file by file; a bigger one as one batch row. */
const SMALL_BATCH = 5;

/**
 * Newest first; a batch sits where its newest upload would, its uploads under it when expanded.
 * `keep` null: every upload (which rows go where then depends only on `order` and each row's
 * batch, which never changes, so this runs when rows are added, not when they progress).
 */
function entriesOf(order: readonly string[], byId: Rows<UploadView>, keep: UploadFilter | null, expanded: ReadonlySet<string>): Entry[] {
  const members = new Map<string, string[]>();
  const kept: string[] = [];
  for (const id of order) {
    const u = byId.get(id);
    if (!u || (keep && !keep(u))) continue;
    kept.push(id);
    if (u.batchId) {
      const list = members.get(u.batchId);
      if (list) list.push(id);
      else members.set(u.batchId, [id]);
    }
  }
  const out: Entry[] = [];
  const placed = new Set<string>();
  for (const id of kept) {
    const b = byId.get(id)!.batchId;
    const group = b ? members.get(b)! : null;
    if (!b || !group || group.length <= SMALL_BATCH) {
      out.push({ kind: 'upload', id, nested: false });
      continue;
    }
    if (placed.has(b)) continue;
    placed.add(b);
    out.push({ kind: 'batch', batchId: b, ids: group });
    if (expanded.has(b)) for (const m of group) out.push({ kind: 'upload', id: m, nested: true });
  }
  return out;
}

export interface BatchStats {
  total: number;
  counts: Partial<Record<UploadView['state'], number>>;
  bytesTotal: number;
  bytesDone: number;
}

export function batchStats(ids: readonly string[], byId: Rows<UploadView>): BatchStats {
  const counts: BatchStats['counts'] = {};
  let bytesTotal = 0;
  let bytesDone = 0;
  for (const id of ids) {
    const u = byId.get(id);
    if (!u) continue;
    counts[u.state] = (counts[u.state] ?? 0) + 1;
    if (u.state === 'cancelled') continue;
    bytesTotal += u.size;
    if (u.state === 'ready' || u.state === 'processing' || u.state === 'failed') bytesDone += u.size;
    else if (u.state === 'uploading') bytesDone += Math.min(u.bytesSent, u.size);
  }
  return { total: ids.length, counts, bytesTotal, bytesDone };
}

const n = (x: number) => x.toLocaleString('en-US');

/** "1,234 ready · 3 uploading · 8,740 queued · 11 failed" */
export function batchCounts(s: BatchStats): string {
  const c = s.counts;
  const sending = (c.hashing ?? 0) + (c.creating ?? 0) + (c.uploading ?? 0);
  return [
    c.ready ? `${n(c.ready)} ready` : null,
    sending ? `${n(sending)} uploading` : null,
    c.processing ? `${n(c.processing)} processing` : null,
    c.queued ? `${n(c.queued)} queued` : null,
    c.receiving ? `${n(c.receiving)} coming from the browser` : null,
    c.failed ? `${n(c.failed)} failed` : null,
    c.cancelled ? `${n(c.cancelled)} cancelled` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function timeLeft(seconds: number): string {
  if (seconds < 60) return 'less than a minute left';
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

/** Bytes per second the batch has been finishing at, over the last half minute. */
function useRate(key: string, done: number): number | null {
  const samples = useRef<Array<{ t: number; done: number }>>([]);
  const [rate, setRate] = useState<number | null>(null);
  useEffect(() => {
    const now = Date.now();
    const s = samples.current;
    if (s.length === 0 || s[s.length - 1]!.done !== done) s.push({ t: now, done });
    while (s.length > 2 && now - s[0]!.t > 30_000) s.shift();
    const first = s[0]!;
    const last = s[s.length - 1]!;
    setRate(last.t - first.t >= 2_000 && last.done > first.done ? ((last.done - first.done) * 1000) / (last.t - first.t) : null);
  }, [key, done]);
  return rate;
}

/**
 * One drop's summary. `ids`: only these of its uploads are shown (a filter is on), so the counts
 * are theirs; otherwise the whole batch's, from the digest (no count of 10,000 rows per update).
 */
function BatchRow({ batchId, ids, expanded, onToggle }: { batchId: string; ids: readonly string[] | null; expanded: boolean; onToggle: () => void }) {
  const whole = useUploads(() => uploadDigest().batches.get(batchId));
  const byId = useUploads((s) => (ids ? s.byId : null));
  const filtered = useMemo(() => (ids && byId ? batchStats(ids, byId) : null), [ids, byId]);
  const waitUntil = useStatus((s) => s.status?.uploadsWaitUntil ?? null);
  const stats: BatchStats = filtered ?? { total: whole?.total ?? 0, counts: whole?.counts ?? {}, bytesTotal: whole?.bytesTotal ?? 0, bytesDone: whole?.bytesDone ?? 0 };
  const active = filtered ? [...ACTIVE_UPLOAD_STATES].some((st) => (filtered.counts[st] ?? 0) > 0) : (whole?.active ?? 0) > 0;
  const paused = filtered
    ? ids!.some((id) => {
        const u = byId!.get(id);
        return u?.error?.code === 'key_rejected' && ACTIVE_UPLOAD_STATES.has(u.state);
      })
    : (whole?.paused ?? 0) > 0;
  const rate = useRate(batchId, stats.bytesDone);
  const waiting = waitUntil !== null && ((stats.counts.queued ?? 0) > 0 || (stats.counts.creating ?? 0) > 0);
  const pct = stats.bytesTotal > 0 ? Math.min(100, (stats.bytesDone / stats.bytesTotal) * 100) : 0;
  const failed = stats.counts.failed ?? 0;
  const label = `${n(stats.total)} files`;
  const badge = paused ? ['warn', 'Paused'] : waiting ? ['warn', 'Waiting'] : active ? ['active', 'Uploading'] : failed ? ['failed', `${n(failed)} failed`] : ['ok', 'Done'];
  const left = active && !waiting && rate ? timeLeft((stats.bytesTotal - stats.bytesDone) / rate) : null;
  return (
    <div className={`arow arow-batch arow-${badge[0]}`} data-batch-id={batchId}>
      <div className="arow-icon" aria-hidden="true">
        <Icon name="folder" />
      </div>
      <div className="arow-main">
        <div className="arow-title">
          <span className="arow-name">{label}</span>
          <span className={`badge badge-${badge[0]}`}>{badge[1]}</span>
        </div>
        {active ? (
          <div className="arow-progress">
            <progress max={100} value={pct} aria-label={label} />
            <span className="muted small">{`${Math.round(pct)}%`}</span>
          </div>
        ) : null}
        <div className="arow-sub">
          {batchCounts(stats)}
          {` · ${formatBytes(stats.bytesDone)} of ${formatBytes(stats.bytesTotal)}`}
          {left ? ` · ${left}` : ''}
        </div>
        {waiting ? (
          <div className="arow-sub arow-note-warn">
            VideoGen’s limit of uploads per hour is used up; the rest continue by themselves at{' '}
            {new Date(waitUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.
          </div>
        ) : null}
        {paused ? <div className="arow-sub arow-note-warn">Paused: the VideoGen key was rejected. Save a working key in Settings and this continues by itself.</div> : null}
      </div>
      <div className="arow-actions">
        <button type="button" className="btn btn-ghost btn-sm" aria-expanded={expanded} onClick={onToggle}>
          <Icon name={expanded ? 'chevron-up' : 'chevron-down'} />
          {expanded ? 'Hide files' : `Show ${n(stats.total)} files`}
        </button>
      </div>
    </div>
  );
}

/** One upload's row, re-rendered when that row changes (not when any of 10,000 does). */
function UploadSlot({ id }: { id: string }) {
  const u = useUploads((s) => s.byId.get(id));
  return u ? <UploadRow u={u} asDiv /> : null;
}

const rowEstimate = () => 72;

/** The uploads list: grouped, virtualized (its own scroll area). */
export function UploadList({ keep }: { keep: UploadFilter | null }) {
  const order = useUploads((s) => s.order);
  // With a filter on, which rows are kept depends on every row's state; without, only on `order`.
  const filteredById = useUploads((s) => (keep ? s.byId : null));
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const entries = useMemo(() => entriesOf(order, filteredById ?? useUploads.getState().byId, keep, expanded), [order, filteredById, keep, expanded]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer places every entry again (10,001 of them with a big drop unfolded) whenever
  // its key function changes: it changes only with the entries, not at every row's progress.
  const itemKey = useCallback(
    (i: number) => {
      const e = entries[i]!;
      return e.kind === 'batch' ? `b:${e.batchId}` : `u:${e.id}`;
    },
    [entries],
  );
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowEstimate,
    overscan: 6,
    getItemKey: itemKey,
  });
  // Unfolding a big drop renders a list of 10,000 entries: as a transition, React does it in
  // slices between other work instead of one long task after the click.
  const toggle = (b: string) =>
    startTransition(() =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(b)) next.delete(b);
        else next.add(b);
        return next;
      }),
    );
  return (
    <div className="arows-scroll" ref={scrollRef}>
      <ul className="arows arows-virtual" style={{ height: v.getTotalSize() }}>
        {v.getVirtualItems().map((item) => {
          const e = entries[item.index]!;
          return (
            <li key={item.key} data-index={item.index} ref={v.measureElement} className={`arow-slot${e.kind === 'upload' && e.nested ? ' arow-nested' : ''}`} style={{ transform: `translateY(${item.start}px)` }}>
              {e.kind === 'batch' ? (
                <BatchRow batchId={e.batchId} ids={keep ? e.ids : null} expanded={expanded.has(e.batchId)} onToggle={() => toggle(e.batchId)} />
              ) : (
                <UploadSlot id={e.id} />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
