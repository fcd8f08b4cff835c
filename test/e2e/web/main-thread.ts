/**
 * How long each task on a page's main thread ran, from Chromium's own trace (CDP Tracing):
 * `wallMs` from start to end, and `cpuMs`, the time the thread was actually running. On a busy
 * machine the two differ a lot: a promise callback that does microseconds of work shows as a
 * 60 ms "long task" when the operating system ran other processes meanwhile. The Long Tasks API
 * in the page only knows wall time.
 */
import type { BrowserContext, Page } from '@playwright/test';

export interface MainThreadTask {
  /** Trace clock, ms. */
  at: number;
  wallMs: number;
  cpuMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Starts tracing the page's renderer; `stop()` returns every task its main thread ran meanwhile. */
export async function traceMainThread(context: BrowserContext, page: Page): Promise<{ stop(): Promise<MainThreadTask[]> }> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const ev of e.value as unknown as TraceEvent[]) if (ev.ph === 'M' || ev.name === 'RunTask') events.push(ev);
  });
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline'], excludedCategories: ['*'] },
  });
  return {
    async stop() {
      const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await done;
      await cdp.detach();
      const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
      return events
        .filter((e) => e.name === 'RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`))
        .map((e) => ({ at: e.ts / 1000, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? e.dur ?? 0) / 1000 }));
    },
  };
}
