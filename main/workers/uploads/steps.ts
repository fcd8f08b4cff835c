/**
 * The three steps an upload takes in its slot, each safe to run again after a restart:
 * - hash: sha256 of the bytes (skipped when size and mtime still match a stored hash), after
 *   checking the file is still one we can upload;
 * - create: `POST /v1/files/upload` for a file id and a presigned URL, stored before any byte
 *   is sent (creates of one name are serialised so twins can be told apart, see orphans.ts);
 * - send: the streaming PUT, after checking the bytes are still the ones hashed; 'expired'
 *   when the URL no longer works (the caller then creates a new upload).
 */
import type { VideoGenClient } from '../../api';
import { VIDEOGEN_MAX_UPLOAD_BYTES } from '../../contract';
import { AppError, toAppError } from '../../kernel/errors';
import { messages } from '../../kernel/messages';
import type { Clock } from '../../kernel/clock';
import type { Store, UploadJob } from '../../store';
import type { Connectivity } from '../connectivity';
import { createKeyedMutex } from '../shared/keyed-mutex';
import { withTransientRetry } from '../shared/transient-retry';
import { sniffFile } from '../sniff';
import { fingerprint, hashFile, sameFingerprint, type HashedFile } from './hash';
import { checkFile } from './intake';
import type { OrphanJanitor } from './orphans';
import { createProgressMeter } from './progress';
import { presignedExpiry } from './upload-url';

/** The PUT of an upload's bytes: `videogen.putUpload`, or a stand-in with its signature (tests). */
export type PutUpload = VideoGenClient['putUpload'];

/** A signed URL this close to expiry is not worth starting a PUT on. */
const URL_EXPIRY_MARGIN_MS = 5_000;

export interface UploadSteps {
  hash(job: UploadJob, signal: AbortSignal): Promise<HashedFile>;
  create(job: UploadJob, signal: AbortSignal): Promise<void>;
  send(job: UploadJob, signal: AbortSignal): Promise<'sent' | 'expired'>;
  /** Drops what is remembered about an upload (cancelled, retried). */
  forget(uploadId: string): void;
}

export function createUploadSteps(deps: {
  store: Pick<Store, 'uploads'>;
  videogen: Pick<VideoGenClient, 'createUpload'>;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline' | 'report'>;
  clock: Clock;
  janitor: OrphanJanitor;
  put: PutUpload;
  emitProgress: (job: Pick<UploadJob, 'uploadId' | 'state' | 'bytesSent' | 'size'>, speedBps: number | null) => void;
  track: (p: Promise<unknown>) => void;
}): UploadSteps {
  const { store, videogen, connectivity, clock, janitor, put, emitProgress, track } = deps;
  const createLock = createKeyedMutex();
  /** What was hashed, by upload: the fingerprint the PUT must still match. */
  const hashed = new Map<string, HashedFile>();

  function current(id: string): UploadJob | null {
    return store.uploads.job(id);
  }

  async function hash(job: UploadJob, signal: AbortSignal): Promise<HashedFile> {
    const now = await fingerprint(job.path);
    const known = hashed.get(job.uploadId);
    if (known && job.sha256 === known.sha256 && sameFingerprint(known, now)) return known;
    if (job.sha256 && now.size === job.size && Math.round(now.mtimeMs) === job.mtime) {
      const h = { ...now, sha256: job.sha256 };
      hashed.set(job.uploadId, h);
      return h;
    }
    const reason = await checkFile({ path: job.path, size: now.size });
    if (reason) throw new AppError({ kind: 'local', code: 'unsupported_file', retryable: false, message: changedMessage(reason) });
    const h = await hashFile(job.path, signal);
    hashed.set(job.uploadId, h);
    if (h.sha256 !== job.sha256) store.uploads.setHash(job.uploadId, h.sha256);
    return h;
  }

  async function create(job: UploadJob, signal: AbortSignal): Promise<void> {
    const sniffed = await sniffFile(job.path);
    if (!sniffed) {
      throw new AppError({ kind: 'local', code: 'unsupported_file', retryable: false, message: changedMessage('it is no longer an image, video, audio or PDF file') });
    }
    // One create at a time per name, so twins of a retried create can't be mistaken for ours.
    await createLock(job.name, async () => {
      const target = await withTransientRetry(
        () => videogen.createUpload({ displayName: job.name, type: sniffed.type, ...(job.temporary ? { isTemporary: true } : {}) }, { signal }),
        { clock, connectivity, signal },
      );
      if (signal.aborted) {
        // Cancelled (or closing) while the create was on its way: that file will never get bytes.
        if (current(job.uploadId)?.state === 'cancelled') track(janitor.archive(target.fileId));
        signal.throwIfAborted();
      }
      const next = store.uploads.startUploading(job.uploadId, {
        fileId: target.fileId,
        uploadUrl: target.uploadUrl,
        expiresAt: presignedExpiry(target.uploadUrl),
      });
      emitProgress(next, null);
      await janitor.sweepTwins(job.name, target.fileId, isOurs, signal).catch(() => []);
    });
  }

  function isOurs(fileId: string): boolean {
    return store.uploads.list().some((u) => u.fileId === fileId);
  }

  /** 'sent', or 'expired' when the URL no longer works (a new upload is needed). */
  async function send(job: UploadJob, signal: AbortSignal): Promise<'sent' | 'expired'> {
    const url = job.uploadUrl;
    if (!url) return 'expired';
    return withTransientRetry(
      async () => {
        if (job.uploadUrlExpiresAt !== null && job.uploadUrlExpiresAt - URL_EXPIRY_MARGIN_MS <= clock.now()) return 'expired';
        // The bytes must be the ones hashed: a file changed since is hashed again first.
        const known = hashed.get(job.uploadId);
        const now = await fingerprint(job.path);
        let h: HashedFile;
        if (known && sameFingerprint(known, now)) h = known;
        else h = await hash({ ...job, sha256: null }, signal);
        const meter = createProgressMeter({
          now: () => clock.now(),
          emit: ({ bytesSent, speedBps }) => emitProgress({ uploadId: job.uploadId, state: 'uploading', bytesSent, size: h.size }, speedBps),
        });
        meter.update(0);
        try {
          // Outcomes reach connectivity through the client's own `onOutcome`. Progress comes
          // at most ~10 times a second (see main/api/upload.ts), so the row write is cheap.
          await put(url, { path: job.path }, {
            size: h.size,
            signal,
            onProgress: (sent) => {
              meter.update(sent);
              store.uploads.setProgress(job.uploadId, sent);
            },
          });
        } catch (e) {
          const err = toAppError(e);
          if (err.code === 'upload_url_expired') return 'expired';
          if (err.code === 'file_too_large') {
            // Final: storage will refuse these bytes every time. Said as such, never "try again".
            throw new AppError({ kind: 'invalid', code: 'file_too_large', retryable: false, message: messages.storageTooLarge(job.name, VIDEOGEN_MAX_UPLOAD_BYTES), cause: err });
          }
          if (err.code === 'size_mismatch') hashed.delete(job.uploadId); // changed while sending: hash again, then resend
          throw err;
        } finally {
          meter.flush();
        }
        return 'sent';
      },
      { clock, connectivity, signal },
    );
  }

  return { hash, create, send, forget: (id) => void hashed.delete(id) };
}

function changedMessage(reason: string): string {
  return `The file changed since it was added and can't be uploaded now (${reason.replace(/^Skipped: /, '').replace(/\.$/, '')}).`;
}
