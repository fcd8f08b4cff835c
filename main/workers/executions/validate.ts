/**
 * A request is checked before it is written down: a bad one never reaches the queue, and the
 * person hears what to fix at once. VideoGen tools use the tool's request schema; lip-sync uses
 * the contract's schema plus what the schema can't know (image only for sync-3, local files
 * that exist).
 */
import { statSync } from 'node:fs';
import { AppError, describeZodIssues } from '../../kernel/errors';
import { messages } from '../../kernel/messages';
import { isToolName, toolMeta, toolRequestSchemas } from '../../api/videogen-tools';
import { lipsyncRequestSchema, type ExecutionRequest, type LipsyncRequest } from '../../contract';
import { modelAcceptsImage } from '../lipsync/models';

export function validateRequest(request: ExecutionRequest): ExecutionRequest {
  if (request.provider === 'videogen') return validateTool(request.tool, request.params);
  if (request.provider === 'sync') {
    if (request.tool !== 'lipsync') throw invalid(`“${request.tool}” isn't a Sync job Atelier knows; use lipsync.`);
    return { provider: 'sync', tool: 'lipsync', params: validateLipsync(request.params) as unknown as Record<string, unknown> };
  }
  throw invalid(`Unknown provider “${String((request as { provider: unknown }).provider)}”.`);
}

export function validateTool(tool: string, params: Record<string, unknown>): ExecutionRequest {
  if (!isToolName(tool)) throw new AppError({ kind: 'invalid', code: 'unknown_tool', message: `“${tool}” isn't a VideoGen tool Atelier knows.` });
  const parsed = toolRequestSchemas[tool].safeParse(params);
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error.issues));
  // The body stored is exactly the one given (the client checks it again when sending).
  return { provider: 'videogen', tool, params };
}

export function validateLipsync(params: unknown): LipsyncRequest {
  const parsed = lipsyncRequestSchema.safeParse(params);
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error.issues));
  const req = parsed.data;
  if (req.visual.type === 'image' && !modelAcceptsImage(req.model)) {
    throw new AppError({
      kind: 'invalid',
      code: 'image_needs_sync_3',
      message: `${req.model} needs a video; only sync-3 can animate a still image. Pick sync-3 or use a video.`,
    });
  }
  for (const ref of [req.visual.ref, req.voice.type === 'audio' ? req.voice.ref : null]) {
    if (ref?.kind === 'path') checkLocalFile(ref.path);
  }
  return req;
}

/** Params for one file of a batch: single-id fields take the id, list fields a one-item list. */
export function batchParams(tool: string, params: Record<string, unknown>, fileParam: string, fileId: string): Record<string, unknown> {
  const input = isToolName(tool) ? toolMeta[tool].fileInputs.find((f) => f.param === fileParam) : undefined;
  if (!input) throw invalid(`${fileParam}: this tool has no file input by that name.`);
  return { ...params, [fileParam]: input.max > 1 ? [fileId] : fileId };
}

function checkLocalFile(path: string): void {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new AppError({ kind: 'local', code: 'EISDIR', message: messages.localFile('EISDIR', path) });
    if (st.size === 0) throw new AppError({ kind: 'invalid', code: 'empty_file', message: `“${path}” is empty. Pick another file.` });
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code ?? 'ENOENT';
    throw new AppError({ kind: 'local', code, message: messages.localFile(code, path), cause: e });
  }
}

function invalid(detail: string): AppError {
  return new AppError({ kind: 'invalid', code: 'invalid_parameters', message: messages.invalidInput(detail) });
}
