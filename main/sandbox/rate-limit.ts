// Per key, per bucket fixed-window rate limits. A window opens with the first request of a key
// in a bucket and lasts the bucket's period; `X-RateLimit-Reset` is its end in Unix seconds.
//
// Bucket keys (override any with `SandboxOptions.rateLimits`, e.g. `{ 'tools.start': 5 }`):
//   VideoGen, per hour (README A12; "unlisted" ones chosen here and marked so):
//     tools.start            POST /v1/tools/*                          500
//     executions.get         GET /v1/tools/executions/{id}             5000
//     executions.cancel      POST /v1/tools/executions/{id}/cancel     250
//     executions.list        GET /v1/tools/executions                  5000 (unlisted)
//     files.list             GET /v1/files                             50000
//     files.get              GET /v1/files/{id}                        50000
//     files.hydrate          POST /v1/files/{id}/hydrate               2500
//     files.upload           POST /v1/files/upload                     500
//     files.search           POST /v1/files/search                     500
//     files.archive          POST /v1/files/{id}/archive               1000 (unlisted)
//     files.publicPreview    POST /v1/files/{id}/{enable,disable}-public-preview 1000 (unlisted)
//     resources.ttsVoices    GET /v1/resources/tts-voices              2500
//     resources.avatarPresenters GET /v1/resources/avatar-presenters   2500
//     resources.languages    GET /v1/resources/languages               2500
//     webhooks.list          GET /v1/webhooks/endpoints                500
//     webhooks.create        POST /v1/webhooks/endpoints               10
//     webhooks.delete        DELETE /v1/webhooks/endpoints/{id}        10
//     me                     GET /v1/me                                1000 (unlisted)
//   Workflows, projects, entities, text (the docs name no limits: starts are treated like
//   POST /v1/tools/*, status reads like GET /v1/tools/executions/{id}, README A12):
//     workflows.start        POST /v1/workflows/{workflow} (all 8 paths)  500
//     workflows.get          GET /v1/workflows/runs/{id}               5000
//     workflows.list         GET /v1/workflows/runs                    5000
//     workflows.cancel       POST /v1/workflows/runs/{id}/cancel       250 (like tool cancel)
//     projects.list          GET /v1/projects                          5000
//     projects.get           GET /v1/projects/{id}                     5000
//     projects.export        POST /v1/projects/{id}/export             500
//     projects.exportGet     GET /v1/projects/{id}/exports/{exportId}  5000
//     projects.remix         POST /v1/projects/{id}/remix              500
//     projects.remixActions  GET /v1/projects/{id}/remix-actions       5000
//     entities.read          GET /v1/entities, GET /v1/entities/{id}   5000
//     entities.write         POST /v1/entities (create, update, archive, references) 500
//     text.generate          POST /v1/text/generate                    500
//   Sync, per minute (README B8, 2026 numbers):
//     sync.generate          POST /v2/generate                         60
//     sync.other             every other authenticated /v2 endpoint    600

const HOUR = 3_600_000;
const MINUTE = 60_000;

export const RATE_LIMIT_DEFAULTS: Readonly<Record<string, { limit: number; windowMs: number }>> = {
  'tools.start': { limit: 500, windowMs: HOUR },
  'executions.get': { limit: 5000, windowMs: HOUR },
  'executions.cancel': { limit: 250, windowMs: HOUR },
  'executions.list': { limit: 5000, windowMs: HOUR },
  'files.list': { limit: 50_000, windowMs: HOUR },
  'files.get': { limit: 50_000, windowMs: HOUR },
  'files.hydrate': { limit: 2500, windowMs: HOUR },
  'files.upload': { limit: 500, windowMs: HOUR },
  'files.search': { limit: 500, windowMs: HOUR },
  'files.archive': { limit: 1000, windowMs: HOUR },
  'files.publicPreview': { limit: 1000, windowMs: HOUR },
  'resources.ttsVoices': { limit: 2500, windowMs: HOUR },
  'resources.avatarPresenters': { limit: 2500, windowMs: HOUR },
  'resources.languages': { limit: 2500, windowMs: HOUR },
  'webhooks.list': { limit: 500, windowMs: HOUR },
  'webhooks.create': { limit: 10, windowMs: HOUR },
  'webhooks.delete': { limit: 10, windowMs: HOUR },
  me: { limit: 1000, windowMs: HOUR },
  'workflows.start': { limit: 500, windowMs: HOUR },
  'workflows.get': { limit: 5000, windowMs: HOUR },
  'workflows.list': { limit: 5000, windowMs: HOUR },
  'workflows.cancel': { limit: 250, windowMs: HOUR },
  'projects.list': { limit: 5000, windowMs: HOUR },
  'projects.get': { limit: 5000, windowMs: HOUR },
  'projects.export': { limit: 500, windowMs: HOUR },
  'projects.exportGet': { limit: 5000, windowMs: HOUR },
  'projects.remix': { limit: 500, windowMs: HOUR },
  'projects.remixActions': { limit: 5000, windowMs: HOUR },
  'entities.read': { limit: 5000, windowMs: HOUR },
  'entities.write': { limit: 500, windowMs: HOUR },
  'text.generate': { limit: 500, windowMs: HOUR },
  'sync.generate': { limit: 60, windowMs: MINUTE },
  'sync.other': { limit: 600, windowMs: MINUTE },
};

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds at which the window resets. */
  resetS: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  /** Called after every counted request (index.ts persists the windows, debounced). */
  onChange: (() => void) | null = null;

  constructor(
    private readonly overrides: Partial<Record<string, number>>,
    private readonly now: () => number,
  ) {
    for (const name of Object.keys(overrides)) {
      if (!(name in RATE_LIMIT_DEFAULTS)) throw new RangeError(`unknown rate-limit bucket "${name}"; known: ${Object.keys(RATE_LIMIT_DEFAULTS).join(', ')}`);
    }
  }

  /** Open windows, for persisting (expired ones are left out). */
  snapshot(): Array<[string, number, number]> {
    const now = this.now();
    const out: Array<[string, number, number]> = [];
    for (const [id, w] of this.windows) {
      const def = RATE_LIMIT_DEFAULTS[id.slice(id.lastIndexOf('\u0000') + 1)];
      if (def && now < w.start + def.windowMs) out.push([id, w.start, w.count]);
    }
    return out;
  }

  restore(entries: Array<[string, number, number]>): void {
    for (const [id, start, count] of entries) this.windows.set(id, { start, count });
  }

  /** Counts one request and says whether it is within the limit. */
  take(key: string, bucket: string): RateDecision {
    return this.evaluate(key, bucket, true);
  }

  /** The current state without counting a request. */
  peek(key: string, bucket: string): RateDecision {
    return this.evaluate(key, bucket, false);
  }

  private evaluate(key: string, bucket: string, count: boolean): RateDecision {
    const def = RATE_LIMIT_DEFAULTS[bucket];
    if (!def) throw new Error(`route uses unknown rate-limit bucket "${bucket}"`);
    const limit = this.overrides[bucket] ?? def.limit;
    const now = this.now();
    const id = `${key}\u0000${bucket}`;
    let w = this.windows.get(id);
    if (!w || now >= w.start + def.windowMs) {
      w = { start: now, count: 0 };
      if (count) this.windows.set(id, w);
    }
    const allowed = w.count < limit;
    if (count && allowed) {
      w.count++;
      this.onChange?.();
    }
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - w.count),
      resetS: Math.ceil((w.start + def.windowMs) / 1000),
    };
  }
}

export function rateLimitHeaders(d: RateDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(d.limit),
    'X-RateLimit-Remaining': String(d.remaining),
    'X-RateLimit-Reset': String(d.resetS),
  };
}
