/**
 * A succeeded tool run's outputs, into the library and linked to the request that made them.
 * Results carry only `fileId` + `type` (the `file` is there only in webhooks or after
 * hydration), so each file is fetched; one without a download URL yet is hydrated while the
 * hydrate budget (2,500/h) has room — otherwise the media cache hydrates it lazily later.
 */
import type { StorageFile, ToolSuccessResult } from '../../api/videogen-schemas';
import type { VideoGenClient } from '../../api/videogen';
import type { Store } from '../../store';
import type { BudgetGate } from './budget-gate';
import { fileUpdates } from '../file-updates';

export const HYDRATE_KEY = 'videogen:POST /v1/files/{id}/hydrate';
export const GET_FILE_KEY = 'videogen:GET /v1/files/{id}';

export interface ResultDeps {
  store: Store;
  videogen: Pick<VideoGenClient, 'getFile' | 'hydrateFile'>;
  gate: BudgetGate;
  now: () => number;
}

/** Fetches every result file (throws when one can't be fetched now); returns them in order. */
export async function fetchResultFiles(deps: ResultDeps, results: readonly ToolSuccessResult[], signal: AbortSignal): Promise<StorageFile[]> {
  const files: StorageFile[] = [];
  for (const r of results) {
    let file = r.file ?? null;
    if (!file) file = await deps.videogen.getFile(r.fileId, { signal, maxRateWaitMs: 0 });
    if (!file.downloadSource?.url && deps.gate.open(HYDRATE_KEY, deps.now()) && !deps.gate.tight(HYDRATE_KEY, 0.2)) {
      file = await deps.videogen.hydrateFile(r.fileId, { signal, maxRateWaitMs: 0 }).catch(() => file!);
    }
    files.push(file);
  }
  return files;
}

/** Writes them to the library as outputs of `executionId` (inside the caller's transaction). */
export function storeResultFiles(store: Store, executionId: string, files: readonly StorageFile[]): string[] {
  if (files.length > 0) store.files.upsert(fileUpdates(files), { origin: 'generated', executionId });
  return files.map((f) => f.fileId);
}
