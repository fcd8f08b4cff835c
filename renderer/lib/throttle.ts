/**
 * Coalesce bursts: the first call runs at once; further calls within `ms` collapse into one
 * trailing run. Used where events arrive in floods (store.changed during a library sync).
 */
export function coalesce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  const run = () => {
    timer = null;
    last = Date.now();
    fn();
  };
  const call = () => {
    if (timer) return;
    const wait = ms - (Date.now() - last);
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return call;
}

/** Classic trailing debounce. */
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): { (...a: A): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const call = (...a: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...a);
    }, ms);
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return call;
}
