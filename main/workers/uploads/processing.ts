/**
 * After the bytes are sent, VideoGen processes the file; "processing" ends when its sources
 * are ready (README A3). Polled with `GET /v1/files/{id}` on a gentle, growing interval
 * (1 s → 20 s), well inside that endpoint's 50,000/h budget even for hundreds of uploads.
 */
import type { StorageFile, VideoGenClient } from '../../api';
import type { Clock } from '../../kernel/clock';
import type { Connectivity } from '../connectivity';
import { withTransientRetry } from '../shared/transient-retry';

export type ProcessingOutcome = 'pending' | 'ready' | 'failed';

/** Done when the download source is settled and the thumbnail is not still pending. */
export function processingOutcome(file: StorageFile): ProcessingOutcome {
  const download = file.downloadSource?.status ?? null;
  const thumb = file.thumbnailSource?.status ?? null;
  if (download === 'failed') return 'failed';
  if (download === 'ready' || download === 'skipped') return thumb === 'pending' ? 'pending' : 'ready';
  return 'pending';
}

export interface ProcessingPollOptions {
  videogen: Pick<VideoGenClient, 'getFile'>;
  clock: Clock;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline'>;
  signal: AbortSignal;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export async function waitUntilProcessed(
  fileId: string,
  opts: ProcessingPollOptions,
): Promise<{ file: StorageFile; outcome: Exclude<ProcessingOutcome, 'pending'> }> {
  let delay = opts.firstDelayMs ?? 1_000;
  const maxDelay = opts.maxDelayMs ?? 20_000;
  for (;;) {
    const file = await withTransientRetry(() => opts.videogen.getFile(fileId, { signal: opts.signal }), {
      clock: opts.clock,
      connectivity: opts.connectivity,
      signal: opts.signal,
      maxFailures: 12,
    });
    const outcome = processingOutcome(file);
    if (outcome !== 'pending') return { file, outcome };
    await opts.clock.sleep(delay, opts.signal);
    delay = Math.min(maxDelay, Math.round(delay * 1.5));
  }
}
