/**
 * What a screen reader hears about what it cannot see change: the app's polite live region
 * (rendered once by <Announcer/>) and the words for it. Messages that arrive together are
 * read together; the same words twice are read twice. (Errors are not said here: they are
 * alerts of their own, see Toasts.)
 */
import type { ExecutionView, UploadView } from '../../main/contract';

const r: { el: HTMLElement | null; pending: string[]; timer: ReturnType<typeof setTimeout> | null } = { el: null, pending: [], timer: null };

/** <Announcer/> hands its region over here (null on unmount). */
export function setLiveRegion(el: HTMLElement | null): void {
  r.el = el;
  if (el && r.pending.length) flushSoon();
}

function flushSoon(): void {
  if (r.timer || !r.el) return;
  // Empty the region first, then fill it a moment later: a repeated message is a change too.
  r.el.textContent = '';
  r.timer = setTimeout(() => {
    r.timer = null;
    if (!r.el) return;
    r.el.textContent = r.pending.join(' ');
    r.pending = [];
  }, 120);
}

/** Say `text` (a sentence) to a screen reader, when it has finished what it is saying. */
export function announce(text: string): void {
  const t = text.trim();
  if (!t) return;
  r.pending.push(/[.!?…]$/.test(t) ? t : `${t}.`);
  // Without a region (not mounted yet) keep only the latest few.
  if (r.pending.length > 8) r.pending.splice(0, r.pending.length - 8);
  flushSoon();
}

/**
 * Finished work, each said once (by kind and id), grouped when several finish together:
 * "Uploaded a.png." or "3 uploads finished." Failures are not said here: each has an error
 * notification (role="alert"), which a screen reader reads as it appears.
 */
export function createFinishAnnouncer(say: (text: string) => void, windowMs = 1500) {
  const seen = new Set<string>();
  let batch: Array<{ kind: 'upload' | 'execution'; title: string }> = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const uploads = batch.filter((b) => b.kind === 'upload');
    const runs = batch.filter((b) => b.kind === 'execution');
    batch = [];
    if (uploads.length === 1) say(uploads[0]!.title);
    else if (uploads.length > 1) say(`${uploads.length} uploads finished`);
    if (runs.length === 1) say(runs[0]!.title);
    else if (runs.length > 1) say(`${runs.length} generations finished`);
  };
  return {
    /** True the first time this piece of work is reported (the caller may then show it). */
    finished(w: { kind: 'upload' | 'execution'; id: string; ok: boolean; title: string }): boolean {
      const key = `${w.kind}:${w.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      if (w.ok) {
        batch.push({ kind: w.kind, title: w.title });
        timer ??= setTimeout(flush, windowMs);
      }
      return true;
    },
  };
}

const ACTIVE_UPLOAD: ReadonlySet<UploadView['state']> = new Set(['queued', 'hashing', 'creating', 'uploading']);
const RUNNING: ReadonlySet<ExecutionView['status']> = new Set(['queued', 'submitting', 'unknown', 'pending', 'running']);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A sentence or two about work in progress, or '' when there is none:
 * "Uploading 3 files, 45%. 1 file processing on VideoGen. Image 60%. Video clip waiting."
 */
export function progressSummary(uploads: readonly UploadView[], executions: readonly ExecutionView[], toolLabel: (tool: string) => string): string {
  const out: string[] = [];
  const sending = uploads.filter((u) => ACTIVE_UPLOAD.has(u.state));
  if (sending.length) {
    const size = sending.reduce((n, u) => n + u.size, 0);
    const sent = sending.reduce((n, u) => n + u.bytesSent, 0);
    out.push(`Uploading ${plural(sending.length, 'file')}${size > 0 ? `, ${Math.floor((sent / size) * 100)}%` : ''}`);
  }
  const processing = uploads.filter((u) => u.state === 'processing').length;
  if (processing) out.push(`${plural(processing, 'file')} processing on VideoGen`);
  const runs = executions.filter((e) => RUNNING.has(e.status));
  if (runs.length > 3) {
    const known = runs.filter((e) => e.progress != null);
    const avg = known.length ? Math.floor(known.reduce((n, e) => n + e.progress!, 0) / known.length) : null;
    out.push(`${runs.length} generations running${avg != null ? `, ${avg}% on average` : ''}`);
  } else {
    for (const e of runs) out.push(`${toolLabel(e.tool)} ${e.progress != null && e.status === 'running' ? `${Math.floor(e.progress)}%` : 'waiting'}`);
  }
  return out.map((s) => `${s}.`).join(' ');
}
