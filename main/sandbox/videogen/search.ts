// POST /v1/files/search ranking. The real service embeds descriptions; the sandbox ranks by the
// cosine similarity of word sets (description + displayName, lower-cased, stop words removed,
// light stemming): deterministic, explainable, 0..1. Only analysed (FULFILLED), non-temporary,
// non-archived files are searchable; files with no word in common are not returned.
// Ties are broken by a seeded hash of the file id, then the id.
import { hash32 } from '../random';
import { computeFileState } from './file-state';
import { describe } from './file-view';
import type { FileStore } from './file-store';
import type { FileRecord } from './types';

const STOP_WORDS = new Set('a an and are as at be by for from in into is it its of on or the this to with without'.split(' '));
const MEDIA_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'mp4', 'mov', 'webm', 'mkv', 'mp3', 'wav', 'm4a', 'ogg', 'flac', 'pdf']);

export function tokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!raw || STOP_WORDS.has(raw) || MEDIA_EXTENSIONS.has(raw) || /^\d+$/.test(raw)) continue;
    out.add(stem(raw));
  }
  return out;
}

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export interface SearchHit {
  record: FileRecord;
  similarity: number;
}

export interface SearchRequest {
  query: string;
  numResults: number;
  /** Only files created by this key (selfOnly); null = the whole team. */
  creatorKeyIndex: number | null;
  now: number;
  processingMs: number;
}

export class SearchIndex {
  private seeded: SeededIndex | null = null;

  constructor(
    private readonly files: FileStore,
    private readonly seed: number,
  ) {}

  search(req: SearchRequest): SearchHit[] {
    const q = tokens(req.query);
    if (q.size === 0) return [];
    const top = new TopK(req.numResults);
    if (req.creatorKeyIndex === null || req.creatorKeyIndex === -1) this.searchSeeded(q, top);
    for (const r of this.files.dynamicFiles()) {
      if (r.archivedAt !== null || r.scope === 'TEMPORARY') continue;
      if (req.creatorKeyIndex !== null && r.creatorKeyIndex !== req.creatorKeyIndex) continue;
      const state = computeFileState(r, req.now, req.processingMs);
      if (state.analysis.state !== 'FULFILLED') continue;
      const doc = new Set([...tokens(r.descriptionText ?? describe(r, state)), ...tokens(r.displayName)]);
      let common = 0;
      for (const t of q) if (doc.has(t)) common++;
      if (common > 0) top.offer(common / Math.sqrt(q.size * doc.size), () => hash32(this.seed, 'tie', r.fileId), r.fileId, () => r);
    }
    return top.sorted().map((c) => ({ record: c.resolve(), similarity: Math.round(Math.min(1, c.score) * 10_000) / 10_000 }));
  }

  private searchSeeded(q: Set<string>, top: TopK): void {
    const catalog = this.files.seeds;
    if (catalog.count === 0) return;
    const index = this.seededIndex();
    const counts = index.counts;
    const touched: number[] = [];
    for (const t of q) {
      const list = index.postings.get(t);
      if (!list) continue;
      for (const i of list) if (counts[i]!++ === 0) touched.push(i);
    }
    for (const i of touched) {
      const common = counts[i]!;
      counts[i] = 0;
      if (this.files.isShadowed(i)) continue; // its dynamic copy is ranked instead
      const id = () => catalog.idOf(i);
      top.offer(common / Math.sqrt(q.size * index.docLength[i]!), () => hash32(this.seed, 'tie', id()), id, () => catalog.record(i));
    }
  }

  /** Built on first use: word → seeded file indexes. */
  private seededIndex(): SeededIndex {
    if (this.seeded) return this.seeded;
    const catalog = this.files.seeds;
    const lists = new Map<string, number[]>();
    const docLength = new Uint8Array(catalog.count);
    for (let i = 0; i < catalog.count; i++) {
      const { displayName, description } = catalog.text(i);
      const doc = new Set([...tokens(description), ...tokens(displayName)]);
      docLength[i] = Math.min(255, doc.size);
      for (const t of doc) {
        let l = lists.get(t);
        if (!l) lists.set(t, (l = []));
        l.push(i);
      }
    }
    const postings = new Map<string, Int32Array>();
    for (const [t, l] of lists) postings.set(t, Int32Array.from(l));
    this.seeded = { postings, docLength, counts: new Uint16Array(catalog.count) };
    return this.seeded;
  }
}

interface SeededIndex {
  postings: Map<string, Int32Array>;
  docLength: Uint8Array;
  /** Scratch space for one query (zeroed again after use). */
  counts: Uint16Array;
}

interface Candidate {
  score: number;
  tie: number;
  id: string;
  resolve: () => FileRecord;
}

/** The best k candidates by score, then seeded tie-break, then id; ties are hashed only when needed. */
class TopK {
  private readonly items: Candidate[] = [];

  constructor(private readonly k: number) {}

  offer(score: number, tie: () => number, id: string | (() => string), resolve: () => FileRecord): void {
    const worst = this.items[this.items.length - 1];
    if (this.items.length >= this.k && worst && score < worst.score) return;
    const c: Candidate = { score, tie: tie(), id: typeof id === 'string' ? id : id(), resolve };
    if (this.items.length >= this.k && worst && compare(c, worst) >= 0) return;
    let at = this.items.length;
    while (at > 0 && compare(c, this.items[at - 1]!) < 0) at--;
    this.items.splice(at, 0, c);
    if (this.items.length > this.k) this.items.pop();
  }

  sorted(): Candidate[] {
    return this.items;
  }
}

function compare(a: Candidate, b: Candidate): number {
  return b.score - a.score || b.tie - a.tie || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
