import { createRequire } from 'node:module';
import { usageLabel } from '../../contract';
import { AppError } from '../../kernel/errors';
import type { Services } from '../services';
import { computeStatus } from '../status';
import type { Handlers } from '../types';

const version = readVersion();

export function appHandlers(s: Services) {
  return {
    'app.info': () => ({
      version,
      host: s.options.host,
      mediaBase: s.options.mediaBase,
      uploadEndpoint: s.options.uploadEndpoint ?? null,
      platform: process.platform,
      sqlite: { binding: s.options.sqlite?.kind ?? 'node', path: s.options.sqlite?.path ?? '' },
      logFile: s.options.logs?.file ?? null,
    }),
    'app.status': () => computeStatus(s),
    'spend.summary': () => {
      const now = new Date(s.clock.now());
      const day = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
      const month = new Date(now.getFullYear(), now.getMonth(), 1).getTime();
      return { today: s.store.executions.spendSince(day), month: s.store.executions.spendSince(month), capUsd: s.store.settings.get().spendingCapUsd };
    },
    'app.usage': () => {
      const now = Date.now();
      return s.budget
        .snapshot()
        .filter((e) => e.limit > 0 && Number.isFinite(e.limit))
        .map((e) => {
          // A window that has ended is whole again, whatever was last counted in it.
          const over = e.resetAt <= now;
          const remaining = over ? e.limit : Math.max(0, Math.min(e.limit, e.remaining));
          return {
            key: e.endpoint,
            label: usageLabel(e.endpoint),
            service: e.endpoint.startsWith('sync:') ? ('sync' as const) : ('videogen' as const),
            limit: e.limit,
            used: e.limit - remaining,
            remaining,
            resetAt: e.resetAt,
          };
        })
        .sort((a, b) => b.service.localeCompare(a.service) || b.used / b.limit - a.used / a.limit || a.label.localeCompare(b.label));
    },
    'app.showLogs': async () => {
      const logs = s.options.logs;
      if (!logs) throw new AppError({ kind: 'local', code: 'no_log_file', message: 'This copy of Atelier keeps no log file.', retryable: false });
      if (logs.reveal) {
        await logs.reveal();
        return { revealed: true, url: null };
      }
      return { revealed: false, url: logs.url ?? null };
    },
  } satisfies Partial<Handlers>;
}

function readVersion(): string {
  try {
    const req = createRequire(import.meta.url);
    // Bundled builds sit two folders below package.json, sources three: try both.
    for (const p of ['../../package.json', '../../../package.json']) {
      try {
        const pkg = req(p) as { name?: string; version?: string };
        if (pkg.name === 'atelier' && pkg.version) return pkg.version;
      } catch {
        // next candidate
      }
    }
  } catch {
    // fall through
  }
  return '0.0.0';
}
