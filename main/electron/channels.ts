/**
 * IPC channel names between the Electron main process and the preload bridge. Written once,
 * here; both sides import them. (Commands and events travel inside these channels, named by
 * the contract.)
 */
export const IPC = {
  /** renderer → main, invoke: (cmd, input) → InvokeResult */
  invoke: 'atelier:invoke',
  /** main → renderer: (eventName, payload) */
  event: 'atelier:event',
  /** renderer → main, send: (fileId) */
  startDrag: 'atelier:start-drag',
} as const;
