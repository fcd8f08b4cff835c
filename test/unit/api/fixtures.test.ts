import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ApiErrorBodySchema,
  ExecutedToolSchema,
  FileUploadResponseSchema,
  GetFilesResponseSchema,
  StorageFileSchema,
  ToolExecutionWebhookPayloadSchema,
} from '../../../main/api/videogen-schemas';
import { CreateGenerationRequestSchema, GenerationSchema, SyncErrorBodySchema } from '../../../main/api/sync-schemas';
import { fixturesDir, haveFixtures } from './helpers';

const schemaFor: Record<string, z.ZodType> = {
  'sync-error-401.json': SyncErrorBodySchema,
  'sync-generate-request.json': CreateGenerationRequestSchema,
  'sync-generation-completed.json': GenerationSchema,
  'sync-generation-pending.json': GenerationSchema,
  'videogen-apierror-401.json': ApiErrorBodySchema,
  'videogen-apierror-429.json': ApiErrorBodySchema,
  'videogen-executed-tool-failed.json': ExecutedToolSchema,
  'videogen-executed-tool-running.json': ExecutedToolSchema,
  'videogen-executed-tool-succeeded.json': ExecutedToolSchema,
  'videogen-file-upload-response.json': FileUploadResponseSchema,
  'videogen-get-files-page.json': GetFilesResponseSchema,
  'videogen-storagefile-after-upload.json': StorageFileSchema,
  'videogen-storagefile-video-ready-hydrated.json': StorageFileSchema,
  'videogen-webhook-tool-execution-succeeded.json': ToolExecutionWebhookPayloadSchema,
};

function load(name: string): unknown {
  return JSON.parse(readFileSync(path.join(fixturesDir, name), 'utf8'));
}

if (!haveFixtures) console.warn(`[api fixtures] skipped: ${fixturesDir} not found (shared API folder absent)`);

describe.skipIf(!haveFixtures)('shared API fixtures parse with our schemas', () => {
  const files = haveFixtures ? readdirSync(fixturesDir).filter((f) => f.endsWith('.json')) : [];

  it('has a schema for every fixture', () => {
    expect(files.filter((f) => !schemaFor[f])).toEqual([]);
  });

  for (const file of files) {
    it(file, () => {
      const schema = schemaFor[file];
      if (!schema) return;
      const result = schema.safeParse(load(file));
      expect(result.success, result.success ? '' : JSON.stringify(result.error.issues)).toBe(true);
    });
  }

  it('reads a file after upload as processing: type null, sources pending', () => {
    const f = StorageFileSchema.parse(load('videogen-storagefile-after-upload.json'));
    expect(f.type).toBeNull();
    expect(f.thumbnailSource?.status).toBe('pending');
    expect(f.thumbnailSource?.url).toBeNull();
    expect(f.fileAnalysisMetadata?.analysisLoadingState).toBe('UNATTEMPTED');
  });

  it('keeps expiresAt in Unix seconds and absent analysis attempt as null', () => {
    const f = StorageFileSchema.parse(load('videogen-storagefile-video-ready-hydrated.json'));
    expect(f.hlsSource?.expiresAt).toBe(1777986000);
    expect(f.staticPublicPreviewSource?.expiresAt).toBeNull();
    expect(f.fileAnalysisMetadata?.analysisAttemptIndex).toBeNull();
    expect(f.sourceToolType).toBeNull();
  });

  it('reads a files page cursor and absent fields as null', () => {
    const page = GetFilesResponseSchema.parse(load('videogen-get-files-page.json'));
    expect(page.hasMore).toBe(true);
    expect(page.nextCursor).toMatch(/^eyJ/);
    expect(page.files[1]?.fileAnalysisMetadata).toBeNull();
    expect(page.files[1]?.staticPublicPreviewSource).toBeNull();
  });

  it('reads a Sync generation with real types for outputUrl/outputDuration', () => {
    const g = GenerationSchema.parse(load('sync-generation-completed.json'));
    expect(g.outputDuration).toBe(9.98);
    expect(g.outputUrl).toMatch(/^https:\/\/api\.sync\.so\/v2\/generations\//);
    expect(g.errorCode).toBeNull();
    const pending = GenerationSchema.parse(load('sync-generation-pending.json'));
    expect(pending.outputUrl).toBeNull();
  });
});
