/**
 * Sync generation status: every spelling the sources use (SDK, Mar-2025 spec, API pages,
 * quickstart), normalised. Unknown values are kept as-is by the schema and map to `unknown`
 * here: not terminal, so a poller keeps showing them and stops after its own cap (README B6).
 */

export const SYNC_STATUSES = [
  'PENDING',
  'PROCESSING',
  'COMPLETED',
  'FAILED',
  'REJECTED',
  'CANCELED',
  'CANCELLED',
  'TIMED_OUT',
] as const;
export type KnownSyncStatus = (typeof SYNC_STATUSES)[number];
/** A raw status as sent: a known spelling, or any other string kept as-is. */
export type SyncStatus = KnownSyncStatus | (string & {});

export type NormalizedSyncStatus =
  | 'pending'
  | 'processing'
  | 'completed'
  | 'failed'
  | 'rejected'
  | 'cancelled'
  | 'timed_out'
  | 'unknown';

const MAP: Record<string, NormalizedSyncStatus> = {
  PENDING: 'pending',
  QUEUED: 'pending',
  PROCESSING: 'processing',
  RUNNING: 'processing',
  IN_PROGRESS: 'processing',
  COMPLETED: 'completed',
  COMPLETE: 'completed',
  SUCCEEDED: 'completed',
  FAILED: 'failed',
  REJECTED: 'rejected',
  CANCELED: 'cancelled',
  CANCELLED: 'cancelled',
  TIMED_OUT: 'timed_out',
  TIMEDOUT: 'timed_out',
  TIMEOUT: 'timed_out',
};

/** Case, spaces and hyphens don't matter: "Timed-Out" → `timed_out`. */
export function normalizeSyncStatus(status: string | null | undefined): NormalizedSyncStatus {
  if (!status) return 'unknown';
  const key = status.trim().toUpperCase().replace(/[\s-]+/g, '_');
  return MAP[key] ?? 'unknown';
}

/** Finished for good: completed, failed, rejected, cancelled, timed out. Unknown → false. */
export function isSyncTerminal(status: string | null | undefined): boolean {
  const n = normalizeSyncStatus(status);
  return n !== 'pending' && n !== 'processing' && n !== 'unknown';
}

/** Finished and produced an output. */
export function isSyncSuccess(status: string | null | undefined): boolean {
  return normalizeSyncStatus(status) === 'completed';
}
