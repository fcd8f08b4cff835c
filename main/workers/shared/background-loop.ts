/**
 * The start/stop of a worker's background loop, shared by the send lanes, the poller, the
 * library sync and the thumbnail prefetcher: `start()` runs `body(signal)` (again only after
 * a stop); `stop()` aborts the signal, lets the worker cut short whatever it sleeps on
 * (`onStop`), and resolves once the body has returned.
 */
export interface BackgroundLoop {
  start(): void;
  stop(): Promise<void>;
  /** Between `start()` and `stop()`. */
  readonly running: boolean;
}

export function createBackgroundLoop(
  body: (signal: AbortSignal) => Promise<void>,
  opts: { stopReason?: () => unknown; onStop?: () => void } = {},
): BackgroundLoop {
  let ctrl: AbortController | null = null;
  let done: Promise<void> | null = null;
  return {
    start() {
      if (ctrl) return;
      ctrl = new AbortController();
      done = body(ctrl.signal);
    },
    async stop() {
      const c = ctrl;
      const d = done;
      ctrl = null;
      done = null;
      c?.abort(opts.stopReason?.());
      opts.onStop?.();
      await d;
    },
    get running() {
      return ctrl !== null;
    },
  };
}
