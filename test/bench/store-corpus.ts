/**
 * A deterministic library of realistic-looking StorageFile records for store tests and the
 * search benchmark: upload names, prompt-like names of generated files, analysis
 * descriptions, some transcripts, a Zipf-like word distribution (a few very common words,
 * a long tail of rare ones), diacritics, and the usual mix of types and source states.
 */
import type { StorageFile } from '../../main/api/videogen-schemas';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = (
  'woman man child dog cat horse bird city street beach ocean wave mountain forest garden river lake bridge car bicycle ' +
  'train drone studio kitchen office market temple castle tower lighthouse desert island harbor boat ship skyline ' +
  'sunset sunrise night rain snow storm fog cloud moon star flower tree leaf field valley canyon waterfall cave road ' +
  'musician dancer chef athlete runner surfer skater painter teacher doctor robot astronaut dragon fox wolf bear deer ' +
  'owl eagle whale dolphin turtle jellyfish butterfly coffee tea book guitar piano violin camera phone laptop lamp ' +
  'window door table chair sofa bed mirror clock painting sculpture portrait product bottle shoe jacket dress hat ' +
  'logo banner poster interview podcast tutorial presentation keynote webinar trailer teaser advert commercial vlog'
).split(' ');
const ADJECTIVES = (
  'serene golden misty vibrant dramatic cozy futuristic vintage rustic modern minimal colorful dark bright quiet busy ' +
  'ancient neon rainy snowy sunny foggy warm cold glowing shiny soft sharp wide close aerial slow fast happy calm ' +
  'elegant playful moody cinematic dreamy surreal realistic abstract tiny giant empty crowded wild lush frozen'
).split(' ');
const ACTIONS = (
  'walking speaking dancing running smiling laughing singing cooking reading writing painting playing flying swimming ' +
  'surfing skating jumping waving sitting standing looking talking presenting explaining drinking eating sleeping'
).split(' ');
const PLACES = (
  'Lisbon Tokyo Kyoto Paris London Berlin Madrid Rome Oslo Reykjavík Zürich Málaga São-Paulo Montréal Kraków Köln ' +
  'Istanbul Cairo Marrakech Nairobi Sydney Auckland Vancouver Seattle Chicago Austin Havana Lima Bogotá Santiago ' +
  'Hanoi Seoul Shanghai Mumbai Delhi Dubai Athens Prague Vienna Budapest Dublin Edinburgh Tromsø Curaçao'
).split(' ');
const STYLES = (
  'cinematic watercolor photorealistic anime sketch 4k timelapse slow-motion drone-shot close-up wide-angle ' +
  'black-and-white film-grain studio-lighting golden-hour blue-hour handheld tracking-shot isometric pixel-art ' +
  'oil-painting low-poly claymation documentary vertical square'
).split(' ');
const COMMON = (
  'the a and to of in is it that we this for you with on are be have was so our at just like really today going ' +
  'about what can all your here there know think now one time new how more want when make very get see over'
).split(' ');
/** Words of speech (transcripts are mostly these, not the visual nouns of descriptions). */
const SPOKEN = (
  'people team product launch customers story idea question answer problem solution moment year week morning ' +
  'feeling music voice light color camera shot scene episode channel video welcome thanks everyone friends ' +
  'family work home school project design build share learn start finish remember love need help try'
).split(' ');
const SYLLABLES = 'ka ro mi zu te la vo ni sha pe dor bel quin tra vex lio mar sol fen gra pol yun ist or ek'.split(' ');

/** A long tail of rare words (brand names, people, project codes). */
export const RARE_WORDS: readonly string[] = (() => {
  const r = rng(7);
  const out = new Set<string>();
  while (out.size < 6000) {
    const n = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    out.add(w);
  }
  return [...out];
})();

export const VOCABULARY = { NOUNS, ADJECTIVES, ACTIONS, PLACES, STYLES, COMMON, SPOKEN, RARE: RARE_WORDS } as const;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** An opaque id like the API's (`vg_file_` + 22 base62 characters), unique per (seed, i). */
export function fileIdFor(i: number, seed = 1): string {
  const r = rng(seed * 7_919 + i * 104_729 + 17);
  let id = '';
  for (let k = 0; k < 16; k++) id += BASE62[Math.floor(r() * 62)];
  // The index, base62, guarantees uniqueness.
  let n = i;
  let tail = '';
  do {
    tail = BASE62[n % 62] + tail;
    n = Math.floor(n / 62);
  } while (n > 0);
  return `vg_file_${id}${tail.padStart(6, '0')}`;
}

/** Zipf-like pick: low indexes are much more likely. */
function zipf<T>(r: () => number, list: readonly T[], skew = 2.2): T {
  return list[Math.min(list.length - 1, Math.floor(list.length * Math.pow(r(), skew)))]!;
}
function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

const TYPES = ['IMAGE', 'VIDEO', 'AUDIO', 'IMAGE', 'VIDEO', 'IMAGE', 'PDF'] as const;
const TOOLS: Record<string, string[]> = {
  IMAGE: ['GENERATE_IMAGE', 'UPSCALE_IMAGE', 'REMOVE_IMAGE_BACKGROUND'],
  VIDEO: ['GENERATE_VIDEO_CLIP', 'GENERATE_AVATAR', 'UPSCALE_VIDEO'],
  AUDIO: ['TEXT_TO_SPEECH', 'GENERATE_MUSIC', 'GENERATE_SOUND_EFFECT'],
  PDF: [],
};

function sentence(r: () => number): string {
  const rare = r() < 0.25 ? ` for ${pick(r, RARE_WORDS)}` : '';
  return `A ${zipf(r, ADJECTIVES)} ${zipf(r, NOUNS)} ${zipf(r, ACTIONS)} near a ${zipf(r, ADJECTIVES)} ${zipf(r, NOUNS)} in ${zipf(r, PLACES)}${rare}.`;
}

function transcript(r: () => number): string {
  const n = 20 + Math.floor(r() * 50);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    words.push(x < 0.6 ? zipf(r, COMMON, 1.5) : x < 0.9 ? zipf(r, SPOKEN, 1.5) : x < 0.97 ? zipf(r, NOUNS) : pick(r, RARE_WORDS));
  }
  return words.join(' ') + '.';
}

function displayName(r: () => number, i: number, type: string, generated: boolean): string {
  if (generated) {
    const rare = r() < 0.2 ? ` ${pick(r, RARE_WORDS)}` : '';
    return `${r() < 0.5 ? 'A' : 'The'} ${zipf(r, ADJECTIVES)} ${zipf(r, NOUNS)} ${zipf(r, ACTIONS)} in ${zipf(r, PLACES)}, ${zipf(r, STYLES)}${rare}`;
  }
  const ext = type === 'VIDEO' ? pick(r, ['mp4', 'mov', 'MP4']) : type === 'AUDIO' ? pick(r, ['wav', 'mp3', 'm4a']) : type === 'PDF' ? 'pdf' : pick(r, ['jpg', 'png', 'JPG', 'heic']);
  const x = r();
  if (x < 0.25) return `${pick(r, ['IMG', 'DSC', 'DJI', 'GOPR', 'VID'])}_${String(i % 10000).padStart(4, '0')}.${ext}`;
  if (x < 0.7) return `${zipf(r, PLACES).toLowerCase()}-${zipf(r, NOUNS)}-${1 + Math.floor(r() * 40)}.${ext}`;
  return `${zipf(r, NOUNS)} ${pick(r, ['take', 'draft', 'final', 'v2', 'edit'])} ${1 + Math.floor(r() * 9)}${r() < 0.3 ? ' ' + pick(r, RARE_WORDS) : ''}.${ext}`;
}

function source(r: () => number, status: 'ready' | 'pending' | 'skipped', w: number, h: number, bytes: number, now: number, withUrl: boolean) {
  return {
    status,
    url: status === 'ready' && withUrl ? `https://media.example.test/${Math.floor(r() * 1e9).toString(36)}?token=t` : null,
    expiresAt: status === 'ready' && withUrl ? Math.floor(now / 1000) + 3600 : null,
    width: status === 'ready' ? w : null,
    height: status === 'ready' ? h : null,
    fileBytes: status === 'ready' ? bytes : null,
  };
}

/** File number `i` of a library generated with `seed` (same inputs, same file). */
export function makeFile(i: number, seed = 1, now = 1_777_982_400_000): StorageFile {
  const r = rng(seed * 1_000_003 + i);
  const type = pick(r, TYPES);
  const generated = type !== 'PDF' && r() < 0.55;
  const tool = generated ? pick(r, TOOLS[type]!) : null;
  const temporary = r() < 0.05;
  const analysed = !temporary && r() < 0.8;
  const processing = r() < 0.02;
  const hydrated = r() < 0.3;
  const [w, h] = pick(r, [[1920, 1080], [1280, 720], [1080, 1920], [1024, 1024], [3840, 2160]] as const);
  const bytes = Math.floor((type === 'VIDEO' ? 20e6 : type === 'AUDIO' ? 3e6 : 1.5e6) * (0.2 + r()));
  const st = processing ? 'pending' : 'ready';
  const timed = type === 'VIDEO' || type === 'AUDIO';
  return {
    fileId: fileIdFor(i, seed),
    type: processing ? null : type,
    scope: temporary ? 'TEMPORARY' : 'GLOBAL',
    displayName: displayName(r, i, type, generated),
    description: analysed && !processing ? sentence(r) + (r() < 0.5 ? ' ' + sentence(r) : '') : null,
    transcript: analysed && timed && r() < 0.45 ? transcript(r) : null,
    durationSeconds: timed && analysed ? Math.round(r() * 600) / 10 + 1 : null,
    thumbnailSource: type === 'AUDIO' ? source(r, 'skipped', 0, 0, 0, now, false) : source(r, st, 256, 144, 12_000, now, hydrated),
    previewSource: hydrated ? source(r, st, 1280, 720, Math.floor(bytes / 3), now, true) : null,
    downloadSource: hydrated ? source(r, st, w, h, bytes, now, true) : null,
    hlsSource: timed && hydrated ? source(r, st, 0, 0, 0, now, true) : null,
    isPublicPreviewEnabled: false,
    staticPublicPreviewSource: null,
    publicHlsUrl: null,
    publicPlaybackId: null,
    sourceToolType: tool,
    sourceToolExecutionId: tool ? `vg_tool_${Math.floor(r() * 1e12).toString(36)}` : null,
    fileAnalysisMetadata: temporary
      ? null
      : { analysisLoadingState: analysed ? 'FULFILLED' : 'LOADING', analysisProgressPercentage: analysed ? 100 : 40, analysisAttemptIndex: analysed ? null : 0 },
  };
}

export function makeFiles(count: number, seed = 1, start = 0): StorageFile[] {
  const out: StorageFile[] = [];
  for (let i = start; i < start + count; i++) out.push(makeFile(i, seed));
  return out;
}

/** A mix of search queries: common words, rare words, prefixes, two words. */
export function makeQueries(count: number, seed = 99): Array<{ kind: 'common' | 'rare' | 'prefix' | 'two'; q: string }> {
  const r = rng(seed);
  const out: Array<{ kind: 'common' | 'rare' | 'prefix' | 'two'; q: string }> = [];
  const common = (): string => zipf(r, [...NOUNS, ...ADJECTIVES, ...ACTIONS, ...PLACES], 1.6);
  for (let i = 0; i < count; i++) {
    switch (i % 4) {
      case 0:
        out.push({ kind: 'common', q: common() });
        break;
      case 1:
        out.push({ kind: 'rare', q: pick(r, RARE_WORDS) });
        break;
      case 2: {
        const w = r() < 0.5 ? common() : pick(r, RARE_WORDS);
        out.push({ kind: 'prefix', q: w.slice(0, 2 + Math.floor(r() * 3)) });
        break;
      }
      default:
        out.push({ kind: 'two', q: `${common()} ${r() < 0.5 ? common() : pick(r, RARE_WORDS)}` });
    }
  }
  return out;
}
