/**
 * Remote files an upload left behind without bytes: the target of an expired URL, an upload
 * cancelled before its bytes arrived, or the twin created when `POST /v1/files/upload` was
 * answered with a garbled body and sent again (or sent just before a crash). Such a file is
 * never completed and would sit in the library as "processing" forever, so it is archived
 * (the API has no delete). Best effort: a failure here never fails an upload.
 *
 * Twins have no id we know. Right after each create, the top of the file list (most recently
 * updated first) is checked for files just older than the new one with the same name that
 * never received bytes (type null, every source pending) and that no upload of ours holds.
 * Creates of the same name are serialised by the worker, so its own uploads are never taken
 * for twins. (A file of the same name that another device created moments before and has not
 * sent bytes to yet could be taken for one: a known, narrow risk of reconciling without ids.)
 */
import type { StorageFile, VideoGenClient } from '../../api';
import { toAppError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { Connectivity } from '../connectivity';
import { withTransientRetry } from '../shared/transient-retry';

/**
 * Files looked at: the twin is older than the new file by the client's retry delays (seconds),
 * during which other uploads may have created or touched dozens of files.
 */
const SWEEP_WINDOW = 100;

export interface OrphanJanitor {
  /** Archives a file we know is abandoned. */
  archive(fileId: string): Promise<void>;
  /** After creating `fileId` named `name`: archives never-filled twins just below it. */
  sweepTwins(name: string, fileId: string, isOurs: (fileId: string) => boolean, signal?: AbortSignal): Promise<string[]>;
}

export function createOrphanJanitor(deps: {
  videogen: Pick<VideoGenClient, 'archiveFile' | 'listFiles'>;
  clock: Clock;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline'>;
  log: (message: string) => void;
}): OrphanJanitor {
  const retry = <T>(step: () => Promise<T>, signal?: AbortSignal) =>
    withTransientRetry(step, { clock: deps.clock, connectivity: deps.connectivity, maxFailures: 5, ...(signal ? { signal } : {}) });

  async function archive(fileId: string): Promise<void> {
    try {
      await retry(() => deps.videogen.archiveFile(fileId));
    } catch (e) {
      const err = toAppError(e);
      if (err.kind !== 'not_found') deps.log(`uploads: could not archive the abandoned upload ${fileId}: ${err.message}`);
    }
  }

  return {
    archive,
    async sweepTwins(name, fileId, isOurs, signal) {
      let files: StorageFile[];
      try {
        files = (await retry(() => deps.videogen.listFiles({ limit: SWEEP_WINDOW }, signal ? { signal } : {}), signal)).files;
      } catch {
        return []; // best effort: the next upload's sweep or none at all
      }
      const at = files.findIndex((f) => f.fileId === fileId);
      if (at < 0) return [];
      const twins = files
        .slice(at + 1)
        .filter((f) => (f.displayName ?? '') === name && neverFilled(f))
        .map((f) => f.fileId);
      const orphans = twins.length > 0 ? twins.filter((id) => !isOurs(id)) : [];
      for (const id of orphans) await archive(id);
      return orphans;
    },
  };
}

function neverFilled(f: StorageFile): boolean {
  if (f.type !== null && f.type !== undefined) return false;
  return [f.thumbnailSource, f.previewSource, f.downloadSource, f.hlsSource].every((s) => !s || s.status === 'pending');
}
