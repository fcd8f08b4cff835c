// An ordered index keyed by (time, sequence), used for "newest first" keyset pagination.
// Sequences are unique, so keys are totally ordered and a cursor can name a position exactly.

export interface SortKey {
  at: number;
  seq: number;
}

export function compareKeys(a: SortKey, b: SortKey): number {
  return a.at !== b.at ? a.at - b.at : a.seq - b.seq;
}

export class SortedIndex<T> {
  /** Ascending by key. */
  private readonly items: Array<{ key: SortKey; value: T }> = [];

  get size(): number {
    return this.items.length;
  }

  insert(key: SortKey, value: T): void {
    const i = this.lowerBound(key);
    this.items.splice(i, 0, { key, value });
  }

  remove(key: SortKey): boolean {
    const i = this.lowerBound(key);
    const hit = this.items[i];
    if (hit && compareKeys(hit.key, key) === 0) {
      this.items.splice(i, 1);
      return true;
    }
    return false;
  }

  /** Entries strictly below `before` (or all, when null), largest first. */
  *descending(before: SortKey | null): Generator<{ key: SortKey; value: T }> {
    let i = before ? this.lowerBound(before) - 1 : this.items.length - 1;
    for (; i >= 0; i--) yield this.items[i]!;
  }

  /** First index whose key is >= key. */
  private lowerBound(key: SortKey): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.items[mid]!.key, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
