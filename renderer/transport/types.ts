import type { ContractError } from '../../main/contract';

/** Connection state of the link between the renderer and the host (not the API's connectivity). */
export type LinkState = 'connecting' | 'open' | 'closed';

/**
 * What every transport offers, untyped: the typed client (client.ts) sits on top.
 * `invoke` rejects with a ContractError-shaped value.
 */
export interface RawTransport {
  readonly kind: 'electron' | 'web';
  invoke(cmd: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  /** Link state changes (the web socket reconnecting); electron is always open. */
  onLinkState(listener: (state: LinkState) => void): () => void;
  linkState(): LinkState;
  close(): void;
}

/** The error every failed invoke throws: the contract's `{code, message}` as a real Error. */
export class AtelierError extends Error implements ContractError {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'AtelierError';
    this.code = code;
  }
}

/** Turn whatever a transport rejected with into an AtelierError. */
export function toAtelierError(err: unknown): AtelierError {
  if (err instanceof AtelierError) return err;
  if (err && typeof err === 'object') {
    const o = err as { code?: unknown; message?: unknown };
    if (typeof o.code === 'string' && typeof o.message === 'string') return new AtelierError(o.code, o.message);
    if (typeof o.message === 'string') {
      // Electron's ipcRenderer.invoke wraps handler errors: "Error invoking remote method 'x': Error: {json}"
      const m = /\{.*\}$/.exec(o.message);
      if (m) {
        try {
          const parsed = JSON.parse(m[0]) as { code?: unknown; message?: unknown };
          if (typeof parsed.code === 'string' && typeof parsed.message === 'string') {
            return new AtelierError(parsed.code, parsed.message);
          }
        } catch {
          /* not JSON: fall through */
        }
      }
      return new AtelierError('internal', o.message);
    }
  }
  return new AtelierError('internal', String(err));
}
