/**
 * The HTTP client of one API service (VideoGen or Sync), built the same way for both: the
 * service's rate windows registered in the shared budget, the caller's tuning passed through,
 * and the key read on every call (a missing key fails before any request).
 */
import { AppError } from '../kernel/errors';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './http';
import type { ServiceProfile } from './http-errors';
import { messages } from '../kernel/messages';
import type { RateWindow } from './rate-budget';

/** What both service clients take from their caller. */
export type ServiceClientOptions = Pick<
  HttpClientOptions,
  'fetch' | 'clock' | 'budget' | 'random' | 'onOutcome' | 'timeoutMs' | 'maxAttempts' | 'maxRateWaitMs'
> & {
  baseUrl?: string;
  /** Read on every call, so a key changed in Settings applies at once. */
  apiKey: () => string | null;
};

export function createServiceHttp(
  service: { profile: ServiceProfile; defaultBaseUrl: string; rateDefaults: Record<string, RateWindow>; keyHeaders: (key: string) => Record<string, string> },
  options: ServiceClientOptions,
): HttpClient {
  for (const [key, window] of Object.entries(service.rateDefaults)) options.budget.define(key, window);
  const { baseUrl, apiKey, ...tuning } = options;
  return createHttpClient({
    ...tuning,
    profile: service.profile,
    baseUrl: baseUrl ?? service.defaultBaseUrl,
    authHeaders: () => {
      const key = apiKey()?.trim();
      if (!key) {
        throw new AppError({ kind: 'auth', code: 'missing_api_key', retryable: false, message: messages.missingKey(service.profile.label) });
      }
      return service.keyHeaders(key);
    },
  });
}
