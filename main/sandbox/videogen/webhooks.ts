// Webhook endpoint registry (create / list / delete). Endpoints are stored and listed; the
// sandbox sends no HTTP requests (it has no outbound network and Atelier polls; README A10):
// the events it simulates are recorded, signed, in webhook-outbox.ts instead.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { invalidId, invalidParameters, notFound } from '../errors';
import type { RouteDef } from '../router';
import type { StateStore } from '../state';
import { pageParams } from './pagination';
import type { VideoGenService } from './service';
import { parseBody } from './validation';

export const WEBHOOK_EVENTS = [
  'tool_execution.succeeded', 'tool_execution.failed', 'tool_execution.cancelled',
  'workflow_run.succeeded', 'workflow_run.failed', 'workflow_run.cancelled',
  'file.upload.completed', 'file.upload.failed', 'file.playback_ready', 'file.download_ready',
  'file.analysis_completed', 'file.analysis_failed',
] as const;

/** CreateWebhookEndpointRequest. */
const CreateSchema = z.object({
  url: z.string(),
  description: z.string().nullable().optional(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
});

export interface WebhookEndpoint {
  endpointId: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: number;
  signingSecret: string;
  seq: number;
}

export class WebhookStore {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  private seq = 0;

  constructor(private readonly state: StateStore) {}

  /** Loads persisted endpoints (at start). */
  restore(endpoints: WebhookEndpoint[]): void {
    for (const e of endpoints) {
      this.endpoints.set(e.endpointId, e);
      this.seq = Math.max(this.seq, e.seq);
    }
  }

  add(e: Omit<WebhookEndpoint, 'seq'>): WebhookEndpoint {
    const stored = { ...e, seq: ++this.seq };
    this.endpoints.set(e.endpointId, stored);
    this.state.put('webhook', stored.endpointId, stored);
    return stored;
  }

  get(id: string): WebhookEndpoint | undefined {
    return this.endpoints.get(id);
  }

  /** Every endpoint, oldest first. */
  all(): WebhookEndpoint[] {
    return [...this.endpoints.values()].sort((a, b) => a.seq - b.seq);
  }

  delete(id: string): boolean {
    if (!this.endpoints.delete(id)) return false;
    this.state.remove('webhook', id);
    return true;
  }

  /** Newest first, those created before `beforeSeq`. */
  page(beforeSeq: number | null, limit: number): { items: WebhookEndpoint[]; hasMore: boolean } {
    const all = [...this.endpoints.values()].filter((e) => beforeSeq === null || e.seq < beforeSeq).sort((a, b) => b.seq - a.seq);
    return { items: all.slice(0, limit), hasMore: all.length > limit };
  }
}

function publicJson(e: WebhookEndpoint): Record<string, unknown> {
  return {
    endpointId: e.endpointId,
    url: e.url,
    events: e.events,
    description: e.description,
    createdAt: e.createdAt,
    signingSecretLast4: e.signingSecret.slice(-4),
  };
}

export function webhookRoutes(vg: VideoGenService): RouteDef[] {
  return [
    {
      method: 'GET',
      template: '/v1/webhooks/endpoints',
      family: 'videogen',
      rateBucket: 'webhooks.list',
      handler: (ctx) => {
        const params = pageParams(ctx, vg.env, 'webhook-endpoints');
        const page = vg.webhooks.page(params.cursor ? Number(params.cursor[0]) : null, params.limit);
        const last = page.items[page.items.length - 1];
        return {
          status: 200,
          body: {
            endpoints: page.items.map(publicJson),
            hasMore: page.hasMore,
            nextCursor: page.hasMore && last ? vg.env.cursors.encode('webhook-endpoints', [last.seq]) : null,
          },
        };
      },
    },
    {
      method: 'POST',
      template: '/v1/webhooks/endpoints',
      family: 'videogen',
      rateBucket: 'webhooks.create',
      handler: async (ctx) => {
        const body = parseBody(CreateSchema, await ctx.json());
        let url: URL;
        try {
          url = new URL(body.url);
        } catch {
          throw invalidParameters('url', `"${body.url}" is not a valid URL`);
        }
        if (url.protocol !== 'https:') throw invalidParameters('url', 'must use HTTPS');
        const endpoint = vg.webhooks.add({
          endpointId: vg.env.ids.webhookEndpoint(),
          url: body.url,
          events: [...new Set(body.events)],
          description: body.description ?? null,
          createdAt: Math.floor(ctx.now / 1000),
          signingSecret: `whsec_${randomBytes(24).toString('base64')}`,
        });
        return { status: 201, body: { ...publicJson(endpoint), signingSecret: endpoint.signingSecret } };
      },
    },
    {
      method: 'DELETE',
      template: '/v1/webhooks/endpoints/{endpointId}',
      family: 'videogen',
      rateBucket: 'webhooks.delete',
      handler: (ctx) => {
        const id = ctx.params.endpointId!;
        if (!id.startsWith('ep_')) throw invalidId('webhook endpoint', id, 'ep_');
        if (!vg.webhooks.delete(id)) throw notFound('webhook endpoint', id);
        return { status: 204 };
      },
    },
  ];
}
