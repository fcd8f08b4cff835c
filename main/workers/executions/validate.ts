/**
 * A request is checked before it is written down: a bad one never reaches the queue, and the
 * person hears what to fix at once. Both kinds are checked with the contract's schemas (the
 * same ones the router applies to `tools.run` and `lipsync.run`); lip-sync adds what a schema
 * can't know: that local files exist.
 */
import { statSync } from 'node:fs';
import { AppError, describeZodIssues } from '../../kernel/errors';
import { messages } from '../../kernel/messages';
import {
  batchParams,
  isStudioJob,
  isToolName,
  studioJobSchema,
  lipsyncRequestSchema,
  noFileInputMessage,
  toolRequestSchemas,
  unknownToolMessage,
  type ExecutionRequest,
  type LipsyncRequest,
} from '../../contract';

export function validateRequest(request: ExecutionRequest): ExecutionRequest {
  if (request.provider === 'videogen' && isStudioJob(request.tool)) return validateStudioJob(request.tool, request.params);
  if (request.provider === 'videogen') return validateTool(request.tool, request.params);
  if (request.provider === 'sync') {
    if (request.tool !== 'lipsync') throw invalid(`“${request.tool}” isn't a Sync job Atelier knows; use lipsync.`);
    return { provider: 'sync', tool: 'lipsync', params: validateLipsync(request.params) as unknown as Record<string, unknown> };
  }
  throw invalid(`Unknown provider “${String((request as { provider: unknown }).provider)}”.`);
}

export function validateTool(tool: string, params: Record<string, unknown>): ExecutionRequest {
  if (!isToolName(tool)) throw new AppError({ kind: 'invalid', code: 'unknown_tool', message: unknownToolMessage(tool) });
  const parsed = toolRequestSchemas[tool].safeParse(params);
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error.issues));
  // The body stored is exactly the one given (the client checks it again when sending).
  return { provider: 'videogen', tool, params };
}

/** A workflow run, an export or a remix (contract/studio.ts), checked against the spec's schema. */
export function validateStudioJob(tool: string, params: Record<string, unknown>): ExecutionRequest {
  const schema = studioJobSchema(tool);
  if (!schema) throw new AppError({ kind: 'invalid', code: 'unknown_tool', message: `“${tool}” isn't a VideoGen job Atelier knows.` });
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error.issues));
  return { provider: 'videogen', tool, params };
}

/** The request of one file of a batch, checked. */
export function validateBatchItem(tool: string, params: Record<string, unknown>, fileParam: string, fileId: string): ExecutionRequest {
  if (!isToolName(tool)) throw new AppError({ kind: 'invalid', code: 'unknown_tool', message: unknownToolMessage(tool) });
  const one = batchParams(tool, params, fileParam, fileId);
  if (!one) throw invalid(noFileInputMessage(fileParam));
  return validateTool(tool, one);
}

export function validateLipsync(params: unknown): LipsyncRequest {
  const parsed = lipsyncRequestSchema.safeParse(params);
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error.issues));
  const req = parsed.data;
  for (const ref of [req.visual.ref, req.voice.type === 'audio' ? req.voice.ref : null]) {
    if (ref?.kind === 'path') checkLocalFile(ref.path);
  }
  return req;
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
