import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload } from '../../main/contract';
import { createBridgeTransport } from './bridge';
import type { AtelierBridge } from '../../preload/api';
import { toAtelierError, type LinkState, type RawTransport } from './types';
import { createWsTransport, defaultWsUrl } from './ws';

export { AtelierError } from './types';
export type { LinkState } from './types';

/** The typed client every store and view talks through. */
export interface Client {
  readonly kind: 'electron' | 'web';
  invoke<C extends CommandName>(cmd: C, input: CommandInput<C>): Promise<CommandOutput<C>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onLinkState(listener: (state: LinkState) => void): () => void;
  linkState(): LinkState;
  /** Electron only: the real path of a dropped file ('' when it has none, e.g. a pasted image). */
  pathForFile(file: File): string | null;
  /** Electron only: start a native drag of a library file out to the desktop. */
  startDrag(fileId: string): boolean;
}

export function createClient(raw: RawTransport, bridge?: AtelierBridge): Client {
  return {
    kind: raw.kind,
    async invoke(cmd, input) {
      try {
        return (await raw.invoke(cmd, input)) as never;
      } catch (err) {
        throw toAtelierError(err);
      }
    },
    subscribe(event, listener) {
      return raw.subscribe(event, listener as (p: unknown) => void);
    },
    onLinkState: (l) => raw.onLinkState(l),
    linkState: () => raw.linkState(),
    pathForFile(file) {
      if (!bridge) return null;
      try {
        return bridge.pathForFile(file) || null;
      } catch {
        return null;
      }
    },
    startDrag(fileId) {
      if (!bridge) return false;
      bridge.startDrag(fileId);
      return true;
    },
  };
}

/** Pick the transport at start: the preload bridge under Electron, else the web host's socket. */
export function connect(win: Window & { atelier?: AtelierBridge } = window): Client {
  const bridge = win.atelier;
  if (bridge) return createClient(createBridgeTransport(bridge), bridge);
  return createClient(createWsTransport({ url: defaultWsUrl(win.location) }));
}

let current: Client | null = null;

/** The app's client (set once at start, or by tests). */
export function api(): Client {
  if (!current) throw new Error('Atelier client used before connect()');
  return current;
}
export function setClient(c: Client | null): void {
  current = c;
}
