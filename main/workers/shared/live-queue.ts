/**
 * A line of keys run with a concurrency limit that is read again every time a slot frees
 * (so a setting change applies live: lowering it lets running work finish, raising it
 * starts more at once after `pump()`). First in, first out; with `order`, a key joins the
 * line behind every waiting key whose number is lower or equal (so keys that arrive in their
 * own order cost one comparison, and one that arrives early still waits for its turn).
 */
export interface LiveQueue<K> {
  /** Adds a key (no-op if queued or running). */
  enqueue(key: K): void;
  /** Drops a queued key (a running one is the caller's to abort). */
  remove(key: K): boolean;
  /**
   * The waiting keys named in `keys` in that order, behind the waiting keys it doesn't name (they
   * keep their order). Keys that aren't waiting are ignored; nothing starts or stops.
   */
  reorder(keys: readonly K[]): void;
  /** Starts as many queued keys as the limit allows now. */
  pump(): void;
  has(key: K): boolean;
  readonly running: number;
  readonly queued: number;
  /** Resolves when nothing is running (queued keys may remain if the queue is paused). */
  idle(): Promise<void>;
  pause(): void;
  resume(): void;
}

export function createLiveQueue<K>(opts: { limit: () => number; run: (key: K) => Promise<void>; order?: (key: K) => number }): LiveQueue<K> {
  const waiting: K[] = [];
  const active = new Set<K>();
  let paused = false;
  let idleWaiters: Array<() => void> = [];

  function limit(): number {
    const n = Math.floor(opts.limit());
    return Number.isFinite(n) && n >= 1 ? n : 1;
  }

  function pump(): void {
    while (!paused && active.size < limit() && waiting.length > 0) {
      const key = waiting.shift()!;
      active.add(key);
      void opts
        .run(key)
        .catch(() => undefined)
        .finally(() => {
          active.delete(key);
          if (active.size === 0) {
            const w = idleWaiters;
            idleWaiters = [];
            w.forEach((fn) => fn());
          }
          pump();
        });
    }
  }

  return {
    enqueue(key) {
      if (active.has(key) || waiting.includes(key)) return;
      const order = opts.order;
      if (order) {
        const n = order(key);
        let at = waiting.length;
        while (at > 0 && order(waiting[at - 1]!) > n) at--;
        waiting.splice(at, 0, key);
      } else {
        waiting.push(key);
      }
      pump();
    },
    remove(key) {
      const i = waiting.indexOf(key);
      if (i < 0) return false;
      waiting.splice(i, 1);
      return true;
    },
    reorder(keys) {
      const rank = new Map<K, number>();
      keys.forEach((k, i) => {
        if (!rank.has(k)) rank.set(k, i);
      });
      const unnamed = waiting.filter((k) => !rank.has(k));
      const named = waiting.filter((k) => rank.has(k)).sort((a, b) => rank.get(a)! - rank.get(b)!);
      waiting.splice(0, waiting.length, ...unnamed, ...named);
    },
    pump,
    has: (key) => active.has(key) || waiting.includes(key),
    get running() {
      return active.size;
    },
    get queued() {
      return waiting.length;
    },
    idle() {
      if (active.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      pump();
    },
  };
}
