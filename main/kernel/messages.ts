/**
 * Every sentence an API failure can show a person. One place, so the wording stays consistent.
 * `svc` is the service's display name ("VideoGen", "Sync"); null when unknown.
 */

function server(svc: string | null): string {
  return svc ?? 'the server';
}

/** 42 s, 3 min, 1 h 5 min. */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 120) return `${s} s`;
  const min = Math.ceil(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

/** 900 bytes, 12 KB, 3.4 MB, 6 GB (powers of 1024, at most one decimal). */
export function formatSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return u === 0 ? `${bytes} bytes` : `${+n.toFixed(n >= 100 ? 0 : 1)} ${units[u]}`;
}

function withDetail(detail: string | null | undefined): string {
  return detail ? ` (${detail.replace(/[.\s]+$/, '')})` : '';
}

/** Where each service's account is topped up. */
export const TOP_UP: Record<string, string> = {
  VideoGen: 'app.videogen.io (Settings → Billing)',
  Sync: 'sync.so/billing',
};

export const messages = {
  missingKey: (svc: string) => `Add your ${svc} API key in Settings to continue.`,
  authRejected: (svc: string) => `The ${svc} API key was rejected. Check it in Settings.`,
  forbidden: (svc: string, detail?: string | null) =>
    `${svc} refused this request${withDetail(detail)}. Check that your key's account or team has access.`,
  addOnRequired: (svc: string, detail?: string | null) =>
    `This needs a ${svc} add-on or plan your account doesn't have${withDetail(detail)}. Upgrade in your ${svc} account, or change the setting that needs it.`,
  /** Out of credits, plainly, and where to top up. */
  outOfCredits: (svc: string) =>
    `Your ${svc} account is out of credits. Top up at ${TOP_UP[svc] ?? `your ${svc} account`}, then try again.`,
  planOrCredits: (svc: string, detail?: string | null) =>
    `Not enough ${svc} credits, or your plan doesn't include this${withDetail(detail)}. Top up or upgrade your ${svc} plan, then try again.`,
  notFound: (svc: string) =>
    `${svc} couldn't find this item. It may have been deleted, archived, or belong to another team.`,
  invalid: (svc: string, detail: string) => `${svc} rejected the request: ${detail.replace(/\s+$/, '')}`,
  invalidInput: (detail: string) => `Some settings aren't valid: ${detail}.`,
  tooLarge: (svc: string, hint?: string) => `The file is too large for ${svc}.${hint ? ` ${hint}` : ''}`,
  /** Checked before a byte is read: `size` over `limit`. */
  overUploadLimit: (size: number, limit: number) => `the file is ${formatSize(size)}, over VideoGen’s limit of ${formatSize(limit)} per file`,
  /** Storage refused the PUT as too large (413, or 400 EntityTooLarge). */
  storageTooLarge: (name: string, limit: number) =>
    `“${name}” is too large for VideoGen’s storage, which refused it. VideoGen takes files up to ${formatSize(limit)}.`,
  conflict: (svc: string, detail?: string | null) =>
    `${svc} can't do that in the item's current state${withDetail(detail)}. Refresh and try again.`,
  rateLimited: (svc: string, waitMs: number | null) =>
    waitMs === null
      ? `Too many requests to ${svc}; waiting before trying again.`
      : `Too many requests to ${svc}; waiting ${formatWait(waitMs)}.`,
  concurrencyLimit: (svc: string, detail?: string | null) =>
    `${svc} is already running as many jobs as your plan allows${withDetail(detail)}. This one will start when another finishes.`,
  server: (svc: string, status: number) =>
    `${svc} is having trouble right now (HTTP ${status}). Try again in a moment.`,
  offline: () => `You're offline — this will run when the connection returns.`,
  network: (svc: string | null, detail: string) =>
    `Couldn't reach ${server(svc)}: ${detail}. Check your connection; this will be retried.`,
  timeout: (svc: string | null, seconds: number | null) =>
    `${svc ?? 'The server'} didn't answer${seconds ? ` within ${seconds} s` : ' in time'}. Try again in a moment.`,
  badResponse: (svc: string, detail?: string | null) =>
    `${svc} sent a response Atelier couldn't read${withDetail(detail)}. Try again; if it keeps happening, Atelier may need an update.`,
  unknownOutcome: (svc: string, why: string) =>
    `The request may have reached ${svc}, but ${why}. Atelier will check whether it started before sending it again.`,
  cancelled: () => 'Cancelled.',
  uploadUrlExpired: (svc: string) => `The ${svc} upload link expired before the file was sent; a new upload will be started.`,
  localFile: (code: string, path: string | null) => {
    const what = path ? `“${path}”` : 'the file';
    switch (code) {
      case 'ENOENT':
        return `Couldn't find ${what}. It may have been moved or deleted.`;
      case 'EACCES':
      case 'EPERM':
        return `Atelier isn't allowed to read ${what}. Check its permissions.`;
      case 'ENOSPC':
        return 'The disk is full. Free some space and try again.';
      case 'EISDIR':
        return `${what} is a folder, not a file.`;
      default:
        return `Couldn't use ${what} (${code}).`;
    }
  },
  unexpected: (detail: string | null) =>
    `Something unexpected went wrong${withDetail(detail)}. Try again; if it keeps happening, please report it.`,
};
