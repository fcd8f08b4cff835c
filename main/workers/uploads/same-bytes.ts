/**
 * Same bytes, one remote file. After hashing, an upload either
 * - reuses a file an earlier upload of the same bytes made, if VideoGen still has it;
 * - attaches to an upload of the same bytes that is in flight (and finishes with it); or
 * - becomes the one uploading these bytes (their "leader") — claimed in the same step as the
 *   decision, so two uploads of the same bytes can never both go ahead.
 * If a leader fails or is cancelled, its followers go ahead on their own.
 * Temporary and kept uploads never share: the same bytes uploaded both ways make two files.
 */
import type { StorageFile, VideoGenClient } from '../../api';
import { toAppError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { Store, UploadJob } from '../../store';
import { TERMINAL_UPLOAD } from '../../store';
import type { Connectivity } from '../connectivity';
import { withTransientRetry } from '../shared/transient-retry';

export type SameBytesDecision = { kind: 'new' } | { kind: 'reuse'; file: StorageFile } | { kind: 'attach'; leaderId: string };

export interface SameBytes {
  decide(uploadId: string, sha256: string, signal: AbortSignal): Promise<SameBytesDecision>;
  /** Calls `wake` once `leaderId` has finished (at once if it already has). */
  follow(leaderId: string, wake: () => void): void;
  /** An upload finished, however: its followers wake and its bytes are free to lead again. */
  settled(uploadId: string, sha256: string | null): void;
  /** After a restart: uploads already past hashing lead their bytes. */
  rebuild(jobs: readonly UploadJob[]): void;
}

export function createSameBytes(deps: {
  store: Pick<Store, 'uploads' | 'files'>;
  videogen: Pick<VideoGenClient, 'getFile'>;
  clock: Clock;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline'>;
}): SameBytes {
  const { store } = deps;
  const leaderBySha = new Map<string, string>();
  const followers = new Map<string, Set<() => void>>();
  /** Remote files found gone, so the same check isn't asked twice. */
  const gone = new Set<string>();

  const temporaryOf = (uploadId: string) => store.uploads.get(uploadId)?.temporary === true;
  /** The leader map's key: the bytes and the kind of upload. */
  const keyOf = (sha256: string, temporary: boolean) => `${temporary ? 'temporary' : 'kept'}:${sha256}`;
  const finished = (uploadId: string) => TERMINAL_UPLOAD.has(store.uploads.get(uploadId)?.state ?? 'failed');

  async function stillPresent(fileId: string, signal: AbortSignal): Promise<StorageFile | null> {
    if (store.files.item(fileId)?.archived) return null;
    try {
      const file = await withTransientRetry(() => deps.videogen.getFile(fileId, { signal }), {
        clock: deps.clock,
        connectivity: deps.connectivity,
        signal,
      });
      return file.downloadSource?.status === 'failed' ? null : file;
    } catch (e) {
      if (signal.aborted) throw e;
      const err = toAppError(e);
      if (err.kind === 'not_found' || err.kind === 'forbidden') return null;
      throw err;
    }
  }

  return {
    async decide(uploadId, sha256, signal) {
      const temporary = temporaryOf(uploadId);
      const key = keyOf(sha256, temporary);
      const inFlight = (): SameBytesDecision | null => {
        const leader = leaderBySha.get(key);
        return leader && leader !== uploadId && !finished(leader) ? { kind: 'attach', leaderId: leader } : null;
      };
      const lead = (): SameBytesDecision => {
        leaderBySha.set(key, uploadId);
        return { kind: 'new' };
      };
      const attach = inFlight();
      if (attach) return attach;
      const prior = store.uploads.findBySha(sha256, uploadId, temporary);
      if (prior && prior.state === 'ready' && prior.fileId && !gone.has(prior.fileId)) {
        const file = await stillPresent(prior.fileId, signal);
        if (file) return { kind: 'reuse', file };
        gone.add(prior.fileId);
        // While we asked, another upload of the same bytes may have started: attach to it.
        return inFlight() ?? lead();
      }
      if (prior && !TERMINAL_UPLOAD.has(prior.state)) return { kind: 'attach', leaderId: prior.uploadId };
      return lead();
    },

    follow(leaderId, wake) {
      if (finished(leaderId)) {
        queueMicrotask(wake);
        return;
      }
      let set = followers.get(leaderId);
      if (!set) followers.set(leaderId, (set = new Set()));
      set.add(wake);
    },

    settled(uploadId, sha256) {
      if (sha256) {
        const key = keyOf(sha256, temporaryOf(uploadId));
        if (leaderBySha.get(key) === uploadId) leaderBySha.delete(key);
      }
      const waiting = followers.get(uploadId);
      if (!waiting) return;
      followers.delete(uploadId);
      for (const wake of waiting) wake();
    },

    rebuild(jobs) {
      for (const job of jobs) {
        const past = job.state === 'creating' || job.state === 'uploading' || job.state === 'processing';
        if (!job.sha256 || !past) continue;
        const key = keyOf(job.sha256, job.temporary);
        if (!leaderBySha.has(key)) leaderBySha.set(key, job.uploadId);
      }
    },
  };
}
