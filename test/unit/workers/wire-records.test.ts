/** The workers map API records to the store's own types (the store never sees a wire type). */
import { describe, expect, it } from 'vitest';
import { ExecutedToolSchema, StorageFileSchema } from '../../../main/api/videogen-schemas';
import { fileUpdate } from '../../../main/workers/file-updates';
import { remoteUpdateFromExecutedTool } from '../../../main/workers/poller/videogen-source';

describe('API records → store updates', () => {
  it('maps a VideoGen ExecutedTool', () => {
    const failed = ExecutedToolSchema.parse({
      toolExecutionId: 'vg_tool_f4h8j2k6m0p3r7t1v5x9',
      status: 'failed',
      toolType: 'GENERATE_VIDEO_CLIP',
      progressPercentage: 63,
      attemptIndex: 2,
      error: { message: 'The video could not be generated. Try a different prompt.', internalErrorCode: 'e_7f3a9c21' },
    });
    expect(remoteUpdateFromExecutedTool(failed)).toEqual({
      status: 'failed',
      remoteStatus: 'failed',
      progress: 63,
      attempt: 2,
      error: { code: 'e_7f3a9c21', message: 'The video could not be generated. Try a different prompt.' },
      results: [],
    });
  });

  it('maps a VideoGen StorageFile: seconds → ms, empty text and absent fields say nothing', () => {
    const f = StorageFileSchema.parse({
      fileId: 'vg_file_1',
      scope: 'GLOBAL',
      type: 'VIDEO',
      displayName: '',
      durationSeconds: 12.5,
      thumbnailSource: { status: 'ready', url: 'https://cdn.test/t.jpg', expiresAt: 1_777_986_000, width: 320, height: 180 },
      downloadSource: { status: 'pending', expiresAt: 0 },
      isPublicPreviewEnabled: true,
      publicPlaybackId: 'pb1',
      fileAnalysisMetadata: { analysisLoadingState: 'LOADING', analysisProgressPercentage: 40 },
    });
    expect(fileUpdate(f)).toEqual({
      fileId: 'vg_file_1',
      scope: 'GLOBAL',
      type: 'VIDEO',
      displayName: null,
      description: null,
      transcript: null,
      durationSeconds: 12.5,
      sourceToolType: null,
      sourceToolExecutionId: null,
      sources: {
        thumb: { status: 'ready', url: 'https://cdn.test/t.jpg', expiresAt: 1_777_986_000_000, width: 320, height: 180, bytes: null },
        preview: null,
        download: { status: 'pending', url: null, expiresAt: null, width: null, height: null, bytes: null },
        hls: null,
      },
      publicPreview: { enabled: true, url: null, hlsUrl: null, playbackId: 'pb1' },
      analysis: { state: 'LOADING', progress: 40, attempt: null },
    });
    expect(fileUpdate(StorageFileSchema.parse({ fileId: 'x', scope: 'GLOBAL' })).publicPreview).toEqual({ enabled: false });
  });
});
