import type { AtelierBridge } from '../../preload/api';
import { toAtelierError, type RawTransport } from './types';

/** The Electron host's transport: the preload bridge (IPC underneath). Always "open". */
export function createBridgeTransport(bridge: AtelierBridge): RawTransport {
  return {
    kind: 'electron',
    async invoke(cmd, input) {
      try {
        return await bridge.invoke(cmd, input);
      } catch (err) {
        throw toAtelierError(err);
      }
    },
    subscribe: (event, listener) => bridge.subscribe(event, listener),
    onLinkState: () => () => {},
    linkState: () => 'open',
    close: () => {},
  };
}
