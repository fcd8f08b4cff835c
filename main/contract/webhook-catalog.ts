/**
 * VideoGen webhook endpoints as plain data (the renderer bundles it, like the tool catalogue):
 * the event names the spec lists (`WebhookEventName`), the words the app shows for them, and
 * the URL rule both the form and main apply (the spec: "HTTPS URL that will receive webhook
 * POST requests").
 */
export const WEBHOOK_EVENTS = [
  'tool_execution.succeeded',
  'tool_execution.failed',
  'tool_execution.cancelled',
  'workflow_run.succeeded',
  'workflow_run.failed',
  'workflow_run.cancelled',
  'file.upload.completed',
  'file.upload.failed',
  'file.playback_ready',
  'file.download_ready',
  'file.analysis_completed',
  'file.analysis_failed',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** The events grouped as the spec groups them, with what each means in words. */
export const WEBHOOK_EVENT_GROUPS: ReadonlyArray<{ title: string; note?: string; events: ReadonlyArray<{ name: WebhookEventName; label: string }> }> = [
  {
    title: 'Tool runs',
    events: [
      { name: 'tool_execution.succeeded', label: 'Succeeded' },
      { name: 'tool_execution.failed', label: 'Failed' },
      { name: 'tool_execution.cancelled', label: 'Cancelled' },
    ],
  },
  {
    title: 'Whole videos (workflow runs)',
    events: [
      { name: 'workflow_run.succeeded', label: 'Succeeded' },
      { name: 'workflow_run.failed', label: 'Failed' },
      { name: 'workflow_run.cancelled', label: 'Cancelled' },
    ],
  },
  {
    title: 'Files',
    note: 'Only for files uploaded through the API, not the VideoGen website.',
    events: [
      { name: 'file.upload.completed', label: 'Upload completed' },
      { name: 'file.upload.failed', label: 'Upload failed' },
      { name: 'file.playback_ready', label: 'Ready to stream' },
      { name: 'file.download_ready', label: 'Ready to download' },
      { name: 'file.analysis_completed', label: 'Analysis completed' },
      { name: 'file.analysis_failed', label: 'Analysis failed' },
    ],
  },
];

/** Longest URL accepted (a sanity cap on what crosses IPC; the spec sets none). */
export const WEBHOOK_URL_MAX = 2048;
/** Longest description accepted (a sanity cap; the spec sets none). */
export const WEBHOOK_DESCRIPTION_MAX = 500;

/**
 * Why a webhook URL can't be used, in words for the person, or null when it can: it must be an
 * absolute https:// URL with a host.
 */
export function webhookUrlProblem(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return 'Enter the URL that should receive the events.';
  if (text.length > WEBHOOK_URL_MAX) return `The URL is longer than ${WEBHOOK_URL_MAX} characters.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `“${text.slice(0, 80)}” isn’t a valid URL. Write it in full, starting with https://`;
  }
  if (url.protocol === 'http:') return 'VideoGen only sends webhooks over HTTPS: use an https:// URL.';
  if (url.protocol !== 'https:') return `VideoGen only sends webhooks to https:// URLs, not ${url.protocol}`;
  if (!url.hostname) return 'The URL needs a host name, e.g. https://example.com/videogen';
  return null;
}
