// The seeded library: `seedFiles` finished files owned by a teammate, made up on demand from
// their index (no per-file memory), sharing one image, one video and one audio rendition set.
// Ids are reversible: 14 hash characters + the index (masked) in 8 base62 characters.
import type { MediaSet } from '../media/types';
import { fromBase62, hash32, toBase62 } from '../random';
import type { SortKey } from '../sorted-index';
import type { FileRecord, VgFileType } from './types';

const SUBJECTS = [
  'golden retriever', 'red fox', 'lighthouse', 'city skyline', 'mountain lake', 'coffee cup', 'vintage car',
  'sailboat', 'cherry blossom tree', 'desert canyon', 'neon street', 'snowy forest', 'hot air balloon', 'koi pond',
  'robot', 'violin player', 'bicycle', 'waterfall', 'farmers market', 'ocean wave', 'bookshop', 'astronaut',
  'train station', 'sunflower field', 'jellyfish', 'castle', 'kitchen', 'skateboarder', 'owl', 'bridge',
];
const SETTINGS = [
  'at golden hour', 'in heavy rain', 'under a starry sky', 'in morning fog', 'at sunset', 'in bright studio light',
  'during a snowstorm', 'at night', 'in autumn colors', 'on a summer afternoon', 'in slow motion', 'from above',
];
const STYLES = ['cinematic', 'watercolor', 'documentary', 'minimalist', 'retro film', 'photorealistic', 'isometric', 'dreamy', 'high contrast', 'pastel'];
const NAME_SUFFIX: Record<'IMAGE' | 'VIDEO' | 'AUDIO', string> = { IMAGE: 'png', VIDEO: 'mp4', AUDIO: 'm4a' };
const AUDIO_KINDS = ['voiceover', 'ambient track', 'podcast intro', 'sound bed', 'interview clip', 'jingle'];

/** An odd multiplier and its inverse mod 2^32: the index hidden in an id is not sequential. */
const SCRAMBLE = 0x9e3779b1;
const UNSCRAMBLE = inverseMod32(SCRAMBLE);

function inverseMod32(a: number): number {
  let x = a; // Newton's iteration: each step doubles the correct low bits.
  for (let k = 0; k < 5; k++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x >>> 0;
}

/** Spacing of seeded files in "updated" time. */
const STEP_MS = 37_000;

export interface SeedMedia {
  IMAGE: MediaSet | undefined;
  VIDEO: MediaSet | undefined;
  AUDIO: MediaSet | undefined;
}

export class SeedCatalog {
  private readonly mask: number;

  constructor(
    readonly count: number,
    private readonly seed: number,
    /** updatedAt of the newest seeded file. */
    private readonly baseTime: number,
    private readonly media: () => SeedMedia,
  ) {
    this.mask = hash32(seed, 'seed-id-mask');
  }

  idOf(i: number): string {
    return `vg_file_${this.check(i)}${toBase62((Math.imul(i, SCRAMBLE) ^ this.mask) >>> 0, 8)}`;
  }

  indexOf(id: string): number | null {
    if (this.count === 0 || id.length !== 30 || !id.startsWith('vg_file_')) return null;
    const masked = fromBase62(id.slice(22));
    if (masked === null || masked > 0xffffffff) return null;
    const i = Math.imul((masked ^ this.mask) >>> 0, UNSCRAMBLE) >>> 0;
    if (i >= this.count || this.check(i) !== id.slice(8, 22)) return null;
    return i;
  }

  sortKey(i: number): SortKey {
    return { at: this.baseTime - i * STEP_MS, seq: -(i + 1) };
  }

  /** Smallest index whose key is strictly below `key`. */
  firstIndexBelow(key: SortKey | null): number {
    if (!key) return 0;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.sortKey(mid);
      const below = k.at < key.at || (k.at === key.at && k.seq < key.seq);
      if (below) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  typeOf(i: number): 'IMAGE' | 'VIDEO' | 'AUDIO' {
    const r = hash32(this.seed, 'seed-type', i) % 10;
    return r < 5 ? 'IMAGE' : r < 8 ? 'VIDEO' : 'AUDIO';
  }

  /** displayName and description, the text that search ranks on. */
  text(i: number): { displayName: string; description: string } {
    const pick = <T>(list: readonly T[], salt: string): T => list[hash32(this.seed, salt, i) % list.length]!;
    const type = this.typeOf(i);
    const subject = pick(SUBJECTS, 'subject');
    const setting = pick(SETTINGS, 'setting');
    const style = pick(STYLES, 'style');
    const slug = `${subject} ${setting}`.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const displayName = `${slug}-${String(i).padStart(6, '0')}.${NAME_SUFFIX[type]}`;
    let description: string;
    if (type === 'IMAGE') description = `A ${style} image of a ${subject} ${setting}.`;
    else if (type === 'VIDEO') description = `A ${style} video clip of a ${subject} ${setting}, with ambient sound.`;
    else description = `An ${pick(AUDIO_KINDS, 'audio-kind')} evoking a ${subject} ${setting}; ${style} mood.`;
    return { displayName, description };
  }

  record(i: number): FileRecord {
    const type: VgFileType = this.typeOf(i);
    const { displayName, description } = this.text(i);
    const key = this.sortKey(i);
    const media = this.media()[this.typeOf(i)] ?? null;
    const createdAt = key.at - (hash32(this.seed, 'seed-age', i) % 86_400) * 1000;
    return {
      fileId: this.idOf(i),
      scope: 'GLOBAL',
      displayName,
      creatorKeyIndex: -1,
      createdAt,
      sortKey: key,
      archivedAt: null,
      processing: { startedAt: createdAt, phased: false, type, typeKnownAt: createdAt, media, failure: null },
      upload: null,
      tool: null,
      descriptionText: description,
      transcriptText: null,
      publicPreview: null,
      hydratedUntilS: null,
      seedIndex: i,
    };
  }

  private check(i: number): string {
    return toBase62(hash32(this.seed, 'seed-id', i, 1), 5) + toBase62(hash32(this.seed, 'seed-id', i, 2), 5) + toBase62(hash32(this.seed, 'seed-id', i, 3), 4);
  }
}
