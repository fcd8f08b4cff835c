// Sync's fixed catalogues: models (README B2, with sandbox prices for cost estimates) and the
// failure codes served by GET /v2/errors (README B7).

export interface SyncModel {
  id: string;
  name: string;
  type: 'lipsync' | 'react';
  version: string;
  description: string;
  deprecatedAt?: string;
  /** Sandbox price in USD per second of output, for estimates. */
  usdPerSecond: number;
}

export const DEFAULT_MODEL = 'sync-3';

export const MODELS: readonly SyncModel[] = [
  { id: '8f1d0f6e-2d4b-4c55-9d0e-3b1f5b7e9a01', name: 'sync-3', type: 'lipsync', version: '3.0.0', description: 'Newest lip-sync model; the only one that animates a still image.', usdPerSecond: 0.08 },
  { id: '2c7a9b3e-6f1d-4e2a-8b5c-1d9e0f3a7b02', name: 'lipsync-2-pro', type: 'lipsync', version: '2.1.0', description: 'Highest-fidelity lip sync for close-ups and high resolution.', usdPerSecond: 0.083 },
  { id: '5e3b1a7c-9d2f-4b6e-a1c3-7f0d2e9b4c03', name: 'lipsync-2', type: 'lipsync', version: '2.0.0', description: 'Zero-shot lip sync that keeps the speaker\'s style.', usdPerSecond: 0.05 },
  { id: '9a4c2e1b-3f7d-4a8e-b2d1-6c0e5f9a3d04', name: 'lipsync-1.9.0-beta', type: 'lipsync', version: '1.9.0', description: 'Previous generation lip sync.', deprecatedAt: '2026-01-31T00:00:00.000Z', usdPerSecond: 0.04 },
  { id: '1b6d3f9a-7e2c-4d5b-9a0f-2e8c4b1d6a05', name: 'react-1', type: 'react', version: '1.0.0', description: 'Re-performs the face (lips, face or head) with an emotion prompt.', usdPerSecond: 0.12 },
];

export const MODEL_NAMES = MODELS.map((m) => m.name);

export interface FailureCode {
  code: string;
  message: string;
  fix: string;
}

export const FAILURE_CODES: readonly FailureCode[] = [
  { code: 'generation_unsupported_model', message: 'The requested model does not exist or does not support these inputs.', fix: 'Use a model from GET /v2/models; only sync-3 accepts image input.' },
  { code: 'generation_media_metadata_missing', message: 'Could not read the duration (and frame rate, for video) of an input.', fix: 'Re-encode the input to a standard container (MP4/H.264, WAV/MP3) and retry.' },
  { code: 'generation_audio_length_exceeded', message: 'The audio input is longer than 300 seconds.', fix: 'Trim the audio to 300 seconds or less, or split it into several generations.' },
  { code: 'generation_text_length_exceeded', message: 'The text script is 5,000 characters or longer.', fix: 'Shorten the script below 5,000 characters or split it.' },
  { code: 'generation_audio_missing', message: 'No usable audio input was found.', fix: 'Provide an audio item (url or assetId) or a text item, and check that the audio URL is reachable.' },
  { code: 'generation_video_missing', message: 'No usable video or image input was found.', fix: 'Provide exactly one video (or, for sync-3, image) item.' },
  { code: 'generation_input_validation_failed', message: 'The inputs could not be processed (for example no face was detected).', fix: 'Use a clip with one clearly visible, front-facing face, or set active_speaker_detection.' },
  { code: 'generation_input_video_inaccessible', message: 'An input URL could not be downloaded.', fix: 'Use a publicly reachable URL, or upload the file as an asset and pass its assetId.' },
  { code: 'generation_timeout', message: 'The generation took too long and was stopped.', fix: 'Retry; shorter inputs finish faster.' },
  { code: 'generation_pipeline_failed', message: 'The generation pipeline failed.', fix: 'Retry the generation; contact support if it keeps failing.' },
  { code: 'generation_database_error', message: 'The generation could not be saved.', fix: 'Retry the request.' },
  { code: 'generation_internal_auth', message: 'An internal authorization step failed.', fix: 'Retry the request; contact support if it persists.' },
  { code: 'generation_unhandled_error', message: 'An unexpected error occurred.', fix: 'Retry; contact support with the generation id.' },
];
