// `limit` (1..200, default 50) and opaque `cursor` query parameters (README A2).
import type { CursorValue } from '../cursor';
import type { RequestContext } from '../context';
import type { SandboxEnv } from '../env';
import { invalidParameters } from '../errors';
import { intParam } from '../http/query';

export interface PageParams {
  limit: number;
  cursor: CursorValue | null;
}

export function pageParams(ctx: RequestContext, env: SandboxEnv, endpoint: string): PageParams {
  const limit = intParam(ctx.query, 'limit', 50, 1, 200, invalidParameters);
  const raw = ctx.query.get('cursor');
  if (raw === null || raw === '') return { limit, cursor: null };
  const cursor = env.cursors.decode(endpoint, raw);
  if (!cursor) throw invalidParameters('cursor', 'is not a valid cursor for this endpoint; pass the nextCursor of the previous page unmodified');
  return { limit, cursor };
}

/** An offset-based page of a fixed catalogue. */
export function offsetPage<T>(items: readonly T[], params: PageParams, env: SandboxEnv, endpoint: string): { items: T[]; hasMore: boolean; nextCursor: string | null } {
  const start = params.cursor ? Number(params.cursor[0]) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameters('cursor', 'is not a valid cursor for this endpoint');
  const page = items.slice(start, start + params.limit);
  const hasMore = start + params.limit < items.length;
  return { items: page, hasMore, nextCursor: hasMore ? env.cursors.encode(endpoint, [start + params.limit]) : null };
}
