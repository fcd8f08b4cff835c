/**
 * Settings → Webhooks: the VideoGen account's webhook endpoints, listed, created and deleted
 * straight against the API (a person waits for each answer; nothing is queued or cached).
 *
 * The signing secret is in the create answer only. It goes back to the renderer once, in this
 * command's result, and nowhere else: not the database, not the log (kernel/redact.ts masks
 * `whsec_…` and `signingSecret` too, should an error ever carry it).
 */
import { AppError, toAppError } from '../../kernel/errors';
import { readAllPages } from '../../api/paging';
import type { WebhookEndpoint } from '../../api/videogen-schemas';
import type { WebhookView } from '../../contract';
import type { Services } from '../services';
import type { Handlers } from '../types';

/** Webhook pages read at most (200 each): far beyond any account's endpoints. */
const MAX_PAGES = 10;

export function webhookHandlers(s: Services) {
  return {
    'webhooks.list': async (): Promise<WebhookView[]> => {
      try {
        const all = await readAllPages((cursor) => s.videogen.listWebhooks({ limit: 200, cursor }, { maxRateWaitMs: 0 }), (p) => p.endpoints, MAX_PAGES);
        return all.map(toWebhookView).sort((a, b) => b.createdAt - a.createdAt);
      } catch (e) {
        throw explain(e, 'list');
      }
    },
    'webhooks.create': async ({ url, events, description }) => {
      try {
        const created = await s.videogen.createWebhook({ url, events, ...(description ? { description } : {}) }, { maxRateWaitMs: 0 });
        return { webhook: toWebhookView(created), signingSecret: created.signingSecret ?? null };
      } catch (e) {
        throw explain(e, 'create');
      }
    },
    'webhooks.delete': async ({ endpointId }) => {
      try {
        await s.videogen.deleteWebhook(endpointId, { maxRateWaitMs: 0 });
      } catch (e) {
        const err = toAppError(e);
        // Already gone (deleted elsewhere, or by an earlier attempt whose answer was lost): done.
        if (err.kind === 'not_found') return;
        throw explain(err, 'delete');
      }
    },
  } satisfies Partial<Handlers>;
}

export function toWebhookView(e: WebhookEndpoint): WebhookView {
  return {
    endpointId: e.endpointId,
    url: e.url,
    events: e.events,
    description: e.description ?? null,
    createdAt: Math.round(e.createdAt * 1000),
    secretLast4: e.signingSecretLast4 || null,
  };
}

/**
 * The client's messages are written for queued work ("waiting before trying again", "this will
 * run when the connection returns"); here a person waits for one answer, so say what happened.
 */
function explain(e: unknown, what: 'list' | 'create' | 'delete'): AppError {
  const err = toAppError(e);
  const verb = what === 'list' ? 'list the webhooks' : what === 'create' ? 'create the webhook' : 'delete the webhook';
  switch (err.kind) {
    case 'rate_limited':
      return new AppError({
        kind: 'rate_limited',
        message:
          what === 'list'
            ? 'VideoGen answers at most 500 webhook lists an hour per key, and this key has used them up. Try again later.'
            : `VideoGen allows ${what === 'create' ? 'creating' : 'deleting'} at most 10 webhooks an hour per key, and this key has reached that. Try again later.`,
        cause: err,
      });
    case 'offline':
    case 'network':
    case 'timeout':
      return new AppError({ kind: err.kind, message: `Couldn't reach VideoGen to ${verb}. Check the connection and try again.`, cause: err });
    case 'unknown_outcome':
      return new AppError({
        kind: 'unknown_outcome',
        message:
          'The request may have reached VideoGen, but its answer was lost. The list now shows whether the webhook was created; if it was, its signing secret can’t be shown again: delete it and create a new one.',
        cause: err,
      });
    default:
      return err;
  }
}
