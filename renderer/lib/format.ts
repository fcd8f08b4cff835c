/** Human formats used across views. Pure functions, unit-tested. */

export function formatBytes(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}

export function formatSpeed(bps: number | null | undefined): string {
  if (bps == null || !Number.isFinite(bps) || bps <= 0) return '—';
  return `${formatBytes(bps)}/s`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}`;
  return `${m}:${String(r).padStart(2, '0')}`;
}

/** "12 s left", "3 min left" from remaining bytes and speed. */
export function formatEta(remainingBytes: number, bps: number | null | undefined): string {
  if (!bps || bps <= 0 || remainingBytes <= 0) return '';
  const s = remainingBytes / bps;
  if (s < 1) return '<1 s left';
  if (s < 60) return `${Math.round(s)} s left`;
  if (s < 3600) return `${Math.round(s / 60)} min left`;
  return `${(s / 3600).toFixed(1)} h left`;
}

export function formatDate(ms: number | null | undefined): string {
  if (ms == null) return '—';
  const d = new Date(ms);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatRelative(ms: number, now = Date.now()): string {
  const s = Math.round((now - ms) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  if (s < 86400 * 7) return `${Math.round(s / 86400)} d ago`;
  return new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
}

const TOOL_LABELS: Record<string, string> = {
  GENERATE_IMAGE: 'Generate image',
  GENERATE_VIDEO_CLIP: 'Video clip',
  TEXT_TO_SPEECH: 'Text to speech',
  GENERATE_SOUND_EFFECT: 'Sound effect',
  GENERATE_MUSIC: 'Music',
  GENERATE_AVATAR: 'Avatar',
  VECTORIZE_IMAGE: 'Vectorize',
  REMOVE_IMAGE_BACKGROUND: 'Remove image background',
  REMOVE_VIDEO_BACKGROUND: 'Remove video background',
  UPSCALE_IMAGE: 'Upscale image',
  UPSCALE_VIDEO: 'Upscale video',
  IMAGE_3D_EFFECT: '3D effect',
  LIPSYNC: 'Lip-sync',
};

/** `GENERATE_IMAGE` → "Generate image"; unknown types are prettified, never hidden. */
export function toolTypeLabel(t: string | null | undefined): string {
  if (!t) return '—';
  const known = TOOL_LABELS[t];
  if (known) return known;
  const words = t.toLowerCase().replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function typeLabel(t: string | null | undefined): string {
  if (!t) return 'Processing';
  return t.charAt(0) + t.slice(1).toLowerCase();
}

/**
 * An item's accessible name: the words the tile or row shows, in their order, with commas
 * for pauses (a screen reader hears "sunset.png, Image, Processing"), and "pinned" (an icon
 * on screen) at the end. (The markup keeps a space between the words it shows, so its text
 * reads as words too, and voice control can say what it sees.)
 */
export function itemLabel(parts: ReadonlyArray<string | null | undefined | false>, pinned = false): string {
  const words = parts.filter((p): p is string => !!p && p.trim() !== '' && p !== '—' && p !== '\u00a0');
  if (pinned) words.push('pinned');
  return words.join(', ');
}
