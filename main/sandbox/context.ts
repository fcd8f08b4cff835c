// What a route handler receives for one request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteDef } from './router';

/** The authenticated caller: one accepted API key (index into the configured key list). */
export interface Principal {
  key: string;
  keyIndex: number;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  route: RouteDef;
  /** Sandbox clock at the moment the request started, ms. */
  now: number;
  principal: Principal | null;
  /** The JSON body (undefined when empty); malformed JSON throws the family's 400. */
  json(): Promise<unknown>;
}

export function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new Error(`route ${ctx.route.template} needs authentication but has none`);
  return ctx.principal;
}
