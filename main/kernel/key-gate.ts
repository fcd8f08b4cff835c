/**
 * What the workers know about the API keys: whether a provider's key has been rejected (a 401
 * while Atelier was using it, or at the start-up check), and when that changes. While a key is
 * rejected, work that needs it waits — no request is sent with it, nothing is marked failed —
 * and each row says why; saving a working key (Settings) lifts it and the work resumes by itself.
 * The core implements it with its key ring (core/keys.ts).
 */
import type { Provider } from '../contract';

export interface KeyGate {
  rejected(provider: Provider): boolean;
  /** Called whenever a key is saved, cleared, rejected or checked. Returns an unsubscribe. */
  onChange(listener: (provider: Provider) => void): () => void;
}

/** The note work carries while its provider's key is rejected. */
export const KEY_REJECTED_CODE = 'key_rejected';

export function keyRejectedNote(provider: Provider): { code: string; message: string } {
  const svc = provider === 'sync' ? 'Sync' : 'VideoGen';
  return {
    code: KEY_REJECTED_CODE,
    message: `Paused: the ${svc} key was rejected. Save a working key in Settings and this continues by itself.`,
  };
}

/** What Settings shows for a key rejected while in use. */
export function keyRejectedCheckMessage(provider: Provider): string {
  const svc = provider === 'sync' ? 'Sync' : 'VideoGen';
  return `${svc} rejected this key while Atelier was using it (revoked or deleted?). Work that needs it is paused; save a working key and it continues by itself.`;
}
