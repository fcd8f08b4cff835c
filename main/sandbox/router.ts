// Route table: method + path template ("/v1/files/{fileId}") to a handler. Literal segments win
// over parameters (a path is the most literal template it matches, whatever the method); the
// template string is also the key used by `stats()`.
import type { RequestContext } from './context';

export type Family = 'videogen' | 'sync' | 'storage';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** JSON reply rendered by the server; handlers that stream return undefined instead. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDef {
  method: Method;
  template: string;
  family: Family;
  /** API key required (VideoGen bearer / Sync x-api-key). Default true for API families. */
  auth?: boolean;
  /** Rate-limit bucket (see rate-limit.ts); none means unlimited. */
  rateBucket?: string;
  /** Subject to the fault profile (errors, latency, truncated JSON). Default true for APIs. */
  faults?: boolean;
  handler: (ctx: RequestContext) => Promise<Reply | undefined> | Reply | undefined;
}

interface Compiled {
  def: RouteDef;
  segments: Array<{ literal: string } | { param: string }>;
  paramCount: number;
}

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

export class Router {
  private readonly routes: Compiled[] = [];

  add(def: RouteDef): void {
    const segments = def.template
      .split('/')
      .slice(1)
      .map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s }));
    this.routes.push({ def, segments, paramCount: segments.filter((s) => 'param' in s).length });
    this.routes.sort((a, b) => a.paramCount - b.paramCount);
  }

  addAll(defs: RouteDef[]): void {
    for (const d of defs) this.add(d);
  }

  /**
   * The route for a method and path; otherwise `pathKnown` when only the method is wrong, with
   * the methods the path does accept (for a 405's Allow header).
   */
  match(method: string, pathname: string): RouteMatch | { pathKnown: boolean; allowed: string[] } {
    const parts = pathname.split('/').slice(1);
    const lookup = method === 'HEAD' ? 'GET' : method;
    const allowed = new Set<string>();
    // The most literal template that matches names the path: `GET /v1/files/search` is a wrong
    // method on the search path, not a file whose id is "search".
    let specificity: number | null = null;
    for (const r of this.routes) {
      if (specificity !== null && r.paramCount > specificity) break;
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      specificity = r.paramCount;
      if (r.def.method === lookup) return { route: r.def, params };
      allowed.add(r.def.method);
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    // Every path answers CORS preflights (http/cors.ts).
    if (allowed.size > 0) allowed.add('OPTIONS');
    return { pathKnown: allowed.size > 0, allowed: [...allowed].sort() };
  }

  list(): RouteDef[] {
    return this.routes.map((r) => r.def);
  }
}

function matchSegments(segments: Compiled['segments'], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const part = parts[i]!;
    if ('literal' in seg) {
      if (seg.literal !== part) return null;
    } else {
      if (part.length === 0) return null;
      try {
        params[seg.param] = decodeURIComponent(part);
      } catch {
        return null;
      }
    }
  }
  return params;
}
