import { createRequire } from 'node:module';
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
    }),
    'app.status': () => computeStatus(s),
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
