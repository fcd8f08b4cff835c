// All files of the sandbox team: records created here (uploads, tool results) plus the seeded
// library, which stays virtual until a file of it is changed (archived, public preview…), at
// which point it is copied into the dynamic map and shadowed in the seeded order.
// Dynamic records are persisted (state.ts) by `add` and by `save` after each change.
import { SortedIndex, compareKeys, type SortKey } from '../sorted-index';
import type { StateStore } from '../state';
import type { SeedCatalog } from './seed-catalog';
import type { FileRecord } from './types';

/**
 * TEMPORARY files: the spec guarantees them for 24 hours, "after which they may be archived at
 * any time". The sandbox archives each one exactly then (sandbox clock), so clients meet it.
 */
export const TEMPORARY_KEEP_MS = 24 * 3_600_000;

export class FileStore {
  private readonly dynamic = new Map<string, FileRecord>();
  /** Unarchived TEMPORARY files, oldest first (they expire in this order). */
  private temporary: FileRecord[] = [];
  /** Dynamic, non-archived files in "updated" order. */
  private readonly listed = new SortedIndex<FileRecord>();
  private readonly shadowed = new Set<number>();
  private seq = 0;

  constructor(
    readonly seeds: SeedCatalog,
    private readonly state: StateStore,
  ) {}

  /**
   * Loads persisted records (at start, before any request). A changed copy of a seeded file
   * that is not part of this seeded library (another seed or a smaller --seed-files) is dropped.
   * Returns how many records were dropped.
   */
  restore(records: FileRecord[]): number {
    let dropped = 0;
    for (const r of records) {
      if (r.seedIndex !== null) {
        if (r.seedIndex >= this.seeds.count || this.seeds.idOf(r.seedIndex) !== r.fileId) {
          dropped++;
          continue;
        }
        this.shadowed.add(r.seedIndex);
      }
      this.dynamic.set(r.fileId, r);
      if (r.archivedAt === null) this.listed.insert(r.sortKey, r);
      this.trackTemporary(r);
      this.seq = Math.max(this.seq, r.sortKey.seq);
    }
    return dropped;
  }

  /** Persists a record after a change (a copied seed keeps sharing the seeded media). */
  save(record: FileRecord): void {
    const stored = record.seedIndex === null ? record : { ...record, processing: { ...record.processing, media: null } };
    this.state.put('file', record.fileId, stored);
  }

  /** The file, whether created here or seeded; undefined when unknown. */
  get(fileId: string): FileRecord | undefined {
    const hit = this.dynamic.get(fileId);
    if (hit) return this.refreshed(hit);
    const i = this.seeds.indexOf(fileId);
    return i === null ? undefined : this.seeds.record(i);
  }

  /** Like get, but a seeded file is first copied into the dynamic map so it can be changed. */
  getMutable(fileId: string): FileRecord | undefined {
    const hit = this.dynamic.get(fileId);
    if (hit) return this.refreshed(hit);
    const i = this.seeds.indexOf(fileId);
    if (i === null) return undefined;
    const record = this.seeds.record(i);
    this.shadowed.add(i);
    this.dynamic.set(record.fileId, record);
    this.listed.insert(record.sortKey, record);
    return record;
  }

  nextKey(at: number): SortKey {
    return { at, seq: ++this.seq };
  }

  /** A new record (upload, tool result): stored and persisted. */
  add(record: FileRecord): void {
    if (this.dynamic.has(record.fileId)) throw new Error(`duplicate file id ${record.fileId}`);
    this.dynamic.set(record.fileId, record);
    if (record.archivedAt === null) this.listed.insert(record.sortKey, record);
    this.trackTemporary(record);
    this.save(record);
  }

  /** Archives (and saves) every TEMPORARY file whose 24 hours are over by `now`. */
  expireTemporary(now: number): void {
    while (this.temporary.length > 0 && this.temporary[0]!.createdAt + TEMPORARY_KEEP_MS <= now) {
      const r = this.temporary.shift()!;
      if (r.archivedAt !== null) continue;
      this.archive(r, r.createdAt + TEMPORARY_KEEP_MS);
      this.save(r);
    }
  }

  private trackTemporary(r: FileRecord): void {
    if (r.scope !== 'TEMPORARY' || r.archivedAt !== null) return;
    this.temporary.push(r);
    this.temporary.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Marks a change: the file moves to the front of "most recently updated" (the caller saves). */
  touch(record: FileRecord, now: number): void {
    const listed = this.listed.remove(record.sortKey);
    record.sortKey = this.nextKey(now);
    if (listed && record.archivedAt === null) this.listed.insert(record.sortKey, record);
  }

  /** Archives (the caller saves). */
  archive(record: FileRecord, now: number): void {
    if (record.archivedAt !== null) return;
    this.listed.remove(record.sortKey);
    record.archivedAt = now;
    record.sortKey = this.nextKey(now);
  }

  /** One page, newest update first, of files strictly after `after` (a previous page's last key). */
  page(after: SortKey | null, limit: number): { files: FileRecord[]; hasMore: boolean } {
    const dyn = this.listed.descending(after);
    let d = dyn.next();
    let s = this.nextSeed(this.seeds.firstIndexBelow(after));
    const files: FileRecord[] = [];
    while (files.length < limit + 1) {
      const dynamicHead = d.done ? null : d.value;
      const sKey = s < this.seeds.count ? this.seeds.sortKey(s) : null;
      if (!dynamicHead && !sKey) break;
      if (dynamicHead && (!sKey || compareKeys(dynamicHead.key, sKey) > 0)) {
        files.push(this.refreshed(dynamicHead.value));
        d = dyn.next();
      } else {
        files.push(this.seeds.record(s));
        s = this.nextSeed(s + 1);
      }
    }
    const hasMore = files.length > limit;
    return { files: hasMore ? files.slice(0, limit) : files, hasMore };
  }

  /** Dynamic files (including shadowed seeds). */
  *dynamicFiles(): Generator<FileRecord> {
    for (const r of this.dynamic.values()) yield this.refreshed(r);
  }

  isShadowed(seedIndex: number): boolean {
    return this.shadowed.has(seedIndex);
  }

  /** A copied seed may have been copied before the shared seed media finished rendering. */
  private refreshed(r: FileRecord): FileRecord {
    if (r.seedIndex !== null && r.processing.media === null) r.processing.media = this.seeds.record(r.seedIndex).processing.media;
    return r;
  }

  private nextSeed(i: number): number {
    while (i < this.seeds.count && this.shadowed.has(i)) i++;
    return i;
  }
}
