/** Concurrent calls with the same key share one run; the next call after it settles starts a new one. */
export interface SingleFlight<T> {
  run(key: string, work: () => Promise<T>): Promise<T>;
  has(key: string): boolean;
  readonly size: number;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run(key, work) {
      const existing = inFlight.get(key);
      if (existing) return existing;
      const p = (async () => {
        try {
          return await work();
        } finally {
          inFlight.delete(key);
        }
      })();
      inFlight.set(key, p);
      return p;
    },
    has: (key) => inFlight.has(key),
    get size() {
      return inFlight.size;
    },
  };
}
