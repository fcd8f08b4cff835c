/**
 * Everything the views count about uploads: the nav badge, each filter's count, each batch's
 * totals. Kept by the uploads list's observer (row-list.ts): a changed row takes its old
 * contribution away and adds its new one, so a burst of changes in a 10,000-file queue costs
 * what the burst costs, not a count of all 10,000. A batch's totals are a new object whenever
 * they change (a view selects `batches.get(id)` and re-renders on that alone).
 */
import type { UploadView } from '../../main/contract';
import type { RowObserver } from './row-list';

const ACTIVE: ReadonlySet<UploadView['state']> = new Set(['receiving', 'queued', 'hashing', 'creating', 'uploading', 'processing']);

export interface BatchDigest {
  total: number;
  counts: Partial<Record<UploadView['state'], number>>;
  bytesTotal: number;
  bytesDone: number;
  active: number;
  /** Waiting for a working key. */
  paused: number;
}

export interface UploadDigest {
  active: number;
  failed: number;
  done: number;
  batches: Map<string, BatchDigest>;
}

const empty = (): UploadDigest => ({ active: 0, failed: 0, done: 0, batches: new Map() });

let digest = empty();
/** Batch totals already copied in the current store update (copied once, then changed in place). */
let copied = new Set<BatchDigest>();

/** Bytes of `u` that count as done for its batch's progress. */
function bytesDone(u: UploadView): number {
  if (u.state === 'ready' || u.state === 'processing' || u.state === 'failed') return u.size;
  if (u.state === 'uploading') return Math.min(u.bytesSent, u.size);
  return 0;
}

function count(u: UploadView, sign: 1 | -1): void {
  const active = ACTIVE.has(u.state);
  if (active) digest.active += sign;
  else if (u.state === 'failed' || u.state === 'cancelled') digest.failed += sign;
  else digest.done += sign;
  if (!u.batchId) return;
  let b = digest.batches.get(u.batchId);
  if (!b) {
    b = { total: 0, counts: {}, bytesTotal: 0, bytesDone: 0, active: 0, paused: 0 };
    copied.add(b);
  } else if (!copied.has(b)) {
    b = { ...b, counts: { ...b.counts } };
    copied.add(b);
  }
  digest.batches.set(u.batchId, b);
  b.total += sign;
  b.counts[u.state] = (b.counts[u.state] ?? 0) + sign;
  if (b.counts[u.state] === 0) delete b.counts[u.state];
  if (active) b.active += sign;
  if (active && u.error?.code === 'key_rejected') b.paused += sign;
  if (u.state !== 'cancelled') {
    b.bytesTotal += sign * u.size;
    b.bytesDone += sign * bytesDone(u);
  }
  if (b.total === 0) digest.batches.delete(u.batchId);
}

export const uploadDigestObserver: RowObserver<UploadView> = {
  reset(rows) {
    digest = empty();
    for (const u of rows) count(u, 1);
  },
  change(prev, next) {
    if (prev) count(prev, -1);
    count(next, 1);
  },
  commit() {
    copied = new Set();
  },
};

/** The current totals (read inside a `useUploads` selector to re-render when they change). */
export function uploadDigest(): Readonly<UploadDigest> {
  return digest;
}
