/**
 * Checking a key against the API before it is kept: VideoGen's `/v1/me` names the account,
 * Sync's models list proves the key works. A rejected key is never stored; a key that could
 * not be checked (offline, server trouble) is stored and shown as "not checked yet".
 */
import { AppError, toAppError } from '../kernel/errors';
import { createSyncClient, SYNC_BASE_URL } from '../api/sync';
import { createVideoGenClient, VIDEOGEN_BASE_URL } from '../api/videogen';
import type { Provider } from '../contract';
import type { KeyCheck } from './keys';
import type { Services } from './services';

const NAMES: Record<Provider, string> = { videogen: 'VideoGen', sync: 'Sync' };

export type CheckOutcome = { verdict: 'ok'; check: KeyCheck } | { verdict: 'rejected'; error: AppError } | { verdict: 'unchecked'; reason: string };

export async function checkKey(s: Services, provider: Provider, key: string): Promise<CheckOutcome> {
  const common = { apiKey: () => key, fetch: s.fetch, clock: s.clock, budget: s.budget, maxAttempts: 1, timeoutMs: 15_000 };
  try {
    if (provider === 'videogen') {
      const client = createVideoGenClient({ ...common, baseUrl: s.options.videogenBaseUrl ?? VIDEOGEN_BASE_URL });
      const me = await client.me();
      const account = me.displayName ? `${me.displayName} <${me.email}>` : me.email;
      return { verdict: 'ok', check: { ok: true, at: s.clock.now(), account, message: null } };
    }
    const client = createSyncClient({ ...common, baseUrl: s.options.syncBaseUrl ?? SYNC_BASE_URL });
    const models = await client.listModels();
    return {
      verdict: 'ok',
      check: { ok: true, at: s.clock.now(), account: null, message: `${models.length} models available` },
    };
  } catch (e) {
    const err = toAppError(e);
    if (err.kind === 'auth' || err.kind === 'forbidden') {
      return {
        verdict: 'rejected',
        error: new AppError({
          kind: 'auth',
          code: 'key_rejected',
          message: `${NAMES[provider]} rejected this key. Check that you copied all of it (${NAMES[provider] === 'VideoGen' ? 'app.videogen.io → Developers' : 'the Sync dashboard'}).`,
          retryable: false,
        }),
      };
    }
    return { verdict: 'unchecked', reason: err.message };
  }
}
