// Webhook deliveries the sandbox would make. It has no outbound network, so instead of POSTing
// it records, for every registered endpoint subscribed to an event, the exact delivery: the body
// (the spec's payload) and the Standard Webhooks headers signed with that endpoint's secret
// (`webhook-signature: v1,<base64 HMAC-SHA256 of "${id}.${timestamp}.${body}">`, keyed with the
// base64 part of `whsec_…`). `Sandbox.webhookDeliveries()` returns them; they are persisted.
// Recorded today: workflow_run.succeeded / failed / cancelled.
import { createHmac } from 'node:crypto';
import type { IdFactory } from '../env';
import type { StateStore } from '../state';
import type { WebhookStore } from './webhooks';

export interface WebhookDelivery {
  /** `webhook-id`: the same for every endpoint the event goes to (dedupe key). */
  messageId: string;
  endpointId: string;
  url: string;
  event: string;
  /** The raw JSON body as it would be POSTed. */
  body: string;
  headers: { 'content-type': string; 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string };
  /** Sandbox time of recording, ms. */
  recordedAt: number;
  seq: number;
}

export class WebhookOutbox {
  private readonly deliveries: WebhookDelivery[] = [];
  private seq = 0;

  constructor(
    private readonly endpoints: WebhookStore,
    private readonly ids: IdFactory,
    private readonly state: StateStore,
  ) {}

  restore(list: WebhookDelivery[]): void {
    for (const d of list.sort((a, b) => a.seq - b.seq)) {
      this.deliveries.push(d);
      this.seq = Math.max(this.seq, d.seq);
    }
  }

  /** Records `{event, ...payload}` for every endpoint subscribed to `event`. */
  record(event: string, payload: Record<string, unknown>, now: number): void {
    const targets = this.endpoints.all().filter((e) => e.events.includes(event));
    if (targets.length === 0) return;
    const messageId = this.ids.webhookMessage();
    const body = JSON.stringify({ event, ...payload });
    const timestamp = String(Math.floor(now / 1000));
    for (const target of targets) {
      const delivery: WebhookDelivery = {
        messageId,
        endpointId: target.endpointId,
        url: target.url,
        event,
        body,
        headers: { 'content-type': 'application/json', 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': sign(target.signingSecret, messageId, timestamp, body) },
        recordedAt: now,
        seq: ++this.seq,
      };
      this.deliveries.push(delivery);
      this.state.put('webhook-delivery', `${messageId}:${target.endpointId}`, delivery);
    }
  }

  list(): WebhookDelivery[] {
    return this.deliveries.map((d) => ({ ...d, headers: { ...d.headers } }));
  }
}

export function sign(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}
