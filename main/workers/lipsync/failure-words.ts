/**
 * A failed Sync generation in words a person can act on. Sync reports a catalog code
 * (`error_code` or `errorCode`, B6/B7) and a message; the code decides the advice (Sync's
 * catalogue first, then ours), the message is kept as detail when we don't know the code.
 */

export interface SyncFailure {
  code: string;
  message: string;
}

const ADVICE: Record<string, string> = {
  generation_face_not_found:
    'No face was found in the video. Use a clip where one face is clearly visible and facing the camera.',
  generation_no_face_detected:
    'No face was found in the video. Use a clip where one face is clearly visible and facing the camera.',
  generation_unsupported_model: "This model isn't available for your account. Pick another model and try again.",
  generation_media_metadata_missing:
    "Sync couldn't read the media's duration or frame rate. Re-export the file as a standard MP4/WAV and try again.",
  generation_audio_length_exceeded: 'The audio is longer than 5 minutes, the most Sync accepts. Trim it and try again.',
  generation_text_length_exceeded: 'The script is too long (5,000 characters at most). Shorten it and try again.',
  generation_audio_missing: 'Sync received no audio. Pick an audio file or write a script, then try again.',
  generation_video_missing: 'Sync received no video. Pick a video (or an image for sync-3), then try again.',
  generation_input_validation_failed:
    "Sync couldn't use one of the inputs. Check that the video and audio play, then try again.",
  generation_input_video_inaccessible:
    "Sync couldn't download the video. If it's a link, make sure it's public and still valid, then try again.",
  generation_timeout: 'Sync took too long and stopped this job. Try again, or use a shorter clip.',
  generation_pipeline_failed: 'Sync hit a problem while making this video. Try again in a few minutes.',
  generation_database_error: 'Sync had an internal problem. Try again in a few minutes.',
  generation_internal_auth: 'Sync had an internal problem. Try again in a few minutes.',
  generation_unhandled_error: 'Sync hit an unexpected problem. Try again; if it keeps failing, contact Sync support.',
  generation_plan_limit_exceeded:
    "Your plan's limit was reached (the free plan allows 3 generations a month, up to 20 s each). Upgrade your Sync plan or wait for the limit to reset.",
  generation_duration_limit_exceeded:
    "The video is longer than your plan allows. Trim it, or upgrade your Sync plan, then try again.",
  insufficient_credits: 'Your Sync account is out of credits. Top up at sync.so/billing, then try again.',
};

/** Recognises codes we have no entry for by their words. */
const PATTERNS: Array<[RegExp, string]> = [
  [/(plan|quota|limit).*(exceed|reach)|(exceed|reach).*(plan|quota|limit)/i, ADVICE.generation_plan_limit_exceeded!],
  [/credit/i, ADVICE.insufficient_credits!],
  [/timeout|timed.?out/i, ADVICE.generation_timeout!],
  [/inaccessible|download|fetch/i, ADVICE.generation_input_video_inaccessible!],
];

/** Read the failure from a Generation (any spelling). */
export function readSyncFailure(generation: Record<string, unknown>): SyncFailure {
  const code = str(generation.error_code) ?? str(generation.errorCode) ?? 'generation_failed';
  const message = str(generation.error) ?? str(generation.message) ?? '';
  return { code, message };
}

/**
 * `catalog`: Sync's own words for a code (`GET /v2/errors`, see error-catalog.ts); today's
 * wording below is the fallback when the catalogue is unknown or does not list the code.
 */
export function describeSyncFailure(failure: SyncFailure, status?: string | null, catalog?: (code: string) => string | null): string {
  // "No face" arrives under a generic code (input validation): the words decide.
  if (/face/i.test(failure.message) || /face/i.test(failure.code)) return ADVICE.generation_face_not_found!;
  const listed = catalog?.(failure.code);
  if (listed) return listed;
  const known = ADVICE[failure.code];
  if (known) return known;
  for (const [pattern, advice] of PATTERNS) {
    if (pattern.test(failure.code) || pattern.test(failure.message)) return advice;
  }
  const s = (status ?? '').toUpperCase();
  if (s === 'REJECTED') return withDetail('Sync rejected this job', failure.message) + ' Check the inputs and try again.';
  if (s === 'TIMED_OUT') return ADVICE.generation_timeout!;
  return withDetail('Sync could not make this video', failure.message) + ' Try again; the inputs are kept.';
}

function withDetail(head: string, detail: string): string {
  const d = detail.trim().replace(/[.\s]+$/, '');
  return d ? `${head}: ${d}.` : `${head}.`;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}
