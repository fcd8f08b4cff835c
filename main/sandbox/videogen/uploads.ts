// Upload flow (README A3): POST /v1/files/upload creates the file and a presigned PUT URL on the
// sandbox's own object storage; the PUT streams the bytes to disk (memory stays flat whatever the
// size), then renditions are made in the background from the real bytes.
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { requirePrincipal, type RequestContext } from '../context';
import type { SandboxEnv } from '../env';
import { StorageError } from '../errors';
import type { FaultInjector } from '../faults';
import { sendEmpty } from '../http/respond';
import { renderUpload } from '../media/renditions';
import { SNIFF_BYTES, sniff, type Sniffed } from '../media/sniff';
import type { Reply, RouteDef } from '../router';
import { presignPut, verifyPresignedPut } from '../storage/presign';
import { receiveObject } from '../storage/receive';
import type { VideoGenService } from './service';
import type { FileRecord, VgFileType } from './types';
import { parseBody } from './validation';

/** CreateFileUploadRequest. */
const CreateUploadSchema = z.object({
  displayName: z.string(),
  type: z.enum(['IMAGE', 'VIDEO', 'AUDIO', 'PDF', 'SLIDESHOW']).optional(),
  isTemporary: z.boolean().optional(),
});

/** S3's single-PUT ceiling. */
const MAX_PUT_BYTES = 5 * 1024 ** 3;

export function uploadRoutes(vg: VideoGenService, faults: FaultInjector): RouteDef[] {
  const env = vg.env;
  return [
    {
      method: 'POST',
      template: '/v1/files/upload',
      family: 'videogen',
      rateBucket: 'files.upload',
      handler: async (ctx) => createUpload(vg, ctx),
    },
    {
      method: 'PUT',
      template: '/storage/uploads/{fileId}/primary-source',
      family: 'storage',
      faults: true,
      handler: async (ctx) => receiveUpload(vg, env, faults, ctx),
    },
  ];
}

async function createUpload(vg: VideoGenService, ctx: RequestContext): Promise<Reply> {
  const body = parseBody(CreateUploadSchema, await ctx.json());
  const env = vg.env;
  const principal = requirePrincipal(ctx);
  const fileId = env.ids.file();
  const record: FileRecord = {
    fileId,
    scope: body.isTemporary ? 'TEMPORARY' : 'GLOBAL',
    displayName: body.displayName,
    creatorKeyIndex: principal.keyIndex,
    createdAt: ctx.now,
    sortKey: vg.files.nextKey(ctx.now),
    archivedAt: null,
    // The declared type is only a hint: the spec reports type null until processing has
    // determined it, and the sandbox determines it from the bytes.
    processing: { startedAt: null, phased: true, type: null, typeKnownAt: null, media: null, failure: null },
    upload: { generation: 0, expiresAtMs: ctx.now + env.options.uploadUrlTtlS * 1000, sniffed: null, bytes: 0, objectPath: null },
    tool: null,
    descriptionText: null,
    transcriptText: null,
    publicPreview: null,
    hydratedUntilS: null,
    seedIndex: null,
  };
  vg.files.add(record);
  const uploadUrl = presignPut(env.signer, {
    baseUrl: env.baseUrl(),
    path: `/storage/uploads/${fileId}/primary-source`,
    ttlS: env.options.uploadUrlTtlS,
    nowMs: ctx.now,
  });
  return { status: 200, body: { fileId, uploadUrl } };
}

async function receiveUpload(vg: VideoGenService, env: SandboxEnv, faults: FaultInjector, ctx: RequestContext): Promise<undefined> {
  const { req, res } = ctx;
  const fileId = ctx.params.fileId!;
  verifyPresignedPut(env.signer, ctx.url.pathname, ctx.query, req.headers, ctx.now);
  const record = vg.files.get(fileId);
  if (!record || !record.upload) throw new StorageError(404, 'NoSuchUpload', 'The specified upload does not exist.');
  const dir = path.join(env.dataDir, 'files', fileId);
  await mkdir(dir, { recursive: true });
  const original = path.join(dir, `original-${env.ids.token(10)}`);
  const resetAfterBytes = faults.roll('putReset') ? Math.max(1, Math.floor(Number(req.headers['content-length'] ?? 2) / 2)) : -1;
  const got = await receiveObject(req, { dest: original, maxBytes: MAX_PUT_BYTES, headBytes: SNIFF_BYTES, resetAfterBytes });
  if (!got) return undefined;

  const upload = record.upload;
  const now = env.clock.now();
  // A later PUT replaces the object and restarts processing (the last completed PUT wins).
  const generation = ++upload.generation;
  upload.sniffed = sniff(got.head);
  upload.bytes = got.bytes;
  upload.objectPath = original;
  record.processing = { startedAt: now, phased: true, type: null, typeKnownAt: null, media: null, failure: null };
  vg.files.touch(record, now);
  vg.files.save(record);
  env.background(processUpload(vg, record, generation, upload.sniffed, original, path.join(dir, `renditions-${generation}`)));
  sendEmpty(res, 200, { ETag: `"${got.md5}"` });
  return undefined;
}

/**
 * After a restart: uploads whose bytes landed but whose processing had not finished are
 * processed again (into a fresh directory: an orphaned ffmpeg of the old process may still be
 * writing the old one). Finished ones keep their renditions.
 */
export function resumeUploadProcessing(vg: VideoGenService, record: FileRecord): boolean {
  const upload = record.upload;
  const p = record.processing;
  if (!upload?.objectPath || p.startedAt === null || p.media !== null || p.failure !== null) return false;
  const dir = path.join(vg.env.dataDir, 'files', record.fileId);
  const outDir = path.join(dir, `renditions-${upload.generation}-r${Date.now().toString(36)}`);
  const objectPath = upload.objectPath;
  const work = async () => {
    // Half-made renditions of the interrupted run(s) are never referenced: drop them.
    const stale = (await readdir(dir).catch(() => [] as string[])).filter((name) => name === `renditions-${upload.generation}` || name.startsWith(`renditions-${upload.generation}-r`));
    await Promise.all(stale.map((name) => rm(path.join(dir, name), { recursive: true, force: true })));
    await processUpload(vg, record, upload.generation, upload.sniffed, objectPath, outDir);
  };
  vg.env.background(work());
  return true;
}

/** Background: type from the bytes, then renditions. Results of a superseded upload are dropped. */
async function processUpload(vg: VideoGenService, record: FileRecord, generation: number, sniffed: Sniffed | null, original: string, outDir: string): Promise<void> {
  const env = vg.env;
  // After close() began, killed ffmpeg runs are not failures of the upload: record nothing.
  const current = () => record.upload?.generation === generation && !env.closing();
  try {
    const result = await renderUpload(env.runner, original, sniffed, outDir, (type: VgFileType) => {
      if (!current()) return;
      record.processing.type = type;
      record.processing.typeKnownAt ??= env.clock.now();
      vg.files.save(record);
    });
    if (!current()) return;
    record.processing.type = result.set.type;
    record.processing.typeKnownAt ??= env.clock.now();
    record.processing.media = result.set;
  } catch (err) {
    if (!current()) return;
    record.processing.failure = err instanceof Error ? err.message : String(err);
    record.processing.typeKnownAt ??= env.clock.now();
  }
  vg.files.save(record);
}
