/**
 * The Sync side of the send lane: resolve the inputs (safe, redone after a crash), create the
 * generation (JSON, or multipart when a local file under 20 MB is sent directly), and find an
 * unknown create again by its unique `outputFileName`.
 */
import { SYNC_CREATE_RATE_KEY, type SyncClient } from '../../api/sync';
import type { Generation } from '../../api/sync-schemas';
import type { VideoGenClient } from '../../api/videogen';
import type { LipsyncRequest } from '../../contract';
import type { Store } from '../../store';
import { resolveLipsyncInputs } from '../lipsync/inputs';
import { isOurOutputName, outputNameFor } from '../lipsync/output-name';
import type { LaneOps, ReconcileResult } from './lane-ops';

export interface SyncOpsOptions {
  /** Local files of this size or more use the asset flow (default 20 MB, Sync's multipart limit). */
  multipartMaxBytes?: number;
  /** Clock skew tolerated between our send time and Sync's `createdAt` (default 5 min). */
  skewMs?: number;
}

export function createSyncOps(
  deps: { store: Store; sync: SyncClient; videogen: VideoGenClient },
  options: SyncOpsOptions = {},
): LaneOps {
  const { store, sync } = deps;
  const skewMs = options.skewMs ?? 5 * 60_000;

  return {
    provider: 'sync',
    svc: 'Sync',
    rateKey: SYNC_CREATE_RATE_KEY,

    async prepare(view, signal) {
      const req = view.request.params as unknown as LipsyncRequest;
      const resolved = await resolveLipsyncInputs(
        { videogen: deps.videogen, sync, ...(options.multipartMaxBytes ? { multipartMaxBytes: options.multipartMaxBytes } : {}) },
        req,
        signal,
      );
      const outputFileName = outputNameFor(view.id, req.outputFileName);
      const call = { signal, maxRateWaitMs: 0 };
      return async () => {
        const g =
          Object.keys(resolved.files).length > 0
            ? await sync.createGenerationMultipart({ ...resolved, outputFileName }, call)
            : await sync.createGeneration(
                {
                  model: resolved.model,
                  input: resolved.input,
                  outputFileName,
                  ...(resolved.options ? { options: resolved.options } : {}),
                  ...(resolved.segments ? { segments: resolved.segments } : {}),
                },
                call,
              );
        return { remoteId: g.id, remoteStatus: g.status };
      };
    },

    async reconcile(view, signal): Promise<ReconcileResult> {
      const req = view.request.params as unknown as LipsyncRequest;
      const expected = outputNameFor(view.id, req.outputFileName);
      const all = await sync.listGenerations({}, { signal });
      const found = matchSyncCreate(all, {
        outputFileName: expected,
        model: req.model,
        sentAfter: view.createdAt - skewMs,
        isKnown: (id) => store.executions.byRemoteId(id, 'sync') !== null,
      });
      return found ? { kind: 'found', remoteId: found.id, remoteStatus: found.status } : { kind: 'absent' };
    },
  };
}

/**
 * Exact rule: the generation whose `outputFileName` is ours (unique per local execution) and
 * whose model matches. Fallback, only for a server that drops `outputFileName`: the single
 * generation of that model, created after we wrote the request, that no local row owns and that
 * has no name at all; with two or more such candidates nothing is adopted (ambiguous).
 */
export function matchSyncCreate(
  generations: readonly Generation[],
  want: { outputFileName: string; model: string; sentAfter: number; isKnown: (id: string) => boolean },
): Generation | null {
  const exact = generations.filter((g) => isOurOutputName(g.outputFileName, want.outputFileName));
  if (exact.length > 0) return oldest(exact);
  const nameless = generations.filter(
    (g) => !g.outputFileName && g.model === want.model && Date.parse(g.createdAt) >= want.sentAfter && !want.isKnown(g.id),
  );
  return nameless.length === 1 ? nameless[0]! : null;
}

function oldest(gs: Generation[]): Generation {
  return gs.reduce((a, b) => (Date.parse(b.createdAt) < Date.parse(a.createdAt) ? b : a));
}

