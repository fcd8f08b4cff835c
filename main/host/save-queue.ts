/**
 * Read-modify-write of a small key file, one change at a time: two quick `keys.set` calls
 * cannot interleave (the second reads what the first wrote). Used by both hosts' key stores.
 */
export interface SaveQueue<T> {
  /** Loads, applies `change`, saves; queued behind every change asked for before. */
  update(change: (value: T) => void): Promise<void>;
  /** Resolves once every change queued so far has been written (or has failed). */
  settled(): Promise<void>;
}

export function createSaveQueue<T>(load: () => Promise<T>, save: (value: T) => Promise<void>): SaveQueue<T> {
  let tail: Promise<void> = Promise.resolve();
  return {
    update(change) {
      const next = tail.then(async () => {
        const value = await load();
        change(value);
        await save(value);
      });
      tail = next.catch(() => {});
      return next;
    },
    settled: () => tail,
  };
}
