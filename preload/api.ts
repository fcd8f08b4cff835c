/**
 * What the preload bridge exposes to the page as `window.atelier` — exactly this, nothing
 * else. Type-only module: the renderer may `import type` it.
 */
export interface AtelierBridge {
  /** Resolves with the command's output; rejects with the contract's `{ code, message }`. */
  invoke(cmd: string, input: unknown): Promise<unknown>;
  /** Listen to one contract event; returns the unsubscribe function. */
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  /** The real path of a dropped file ('' when it has none, e.g. pasted image data). */
  pathForFile(file: File): string;
  /** Start a native drag of a library file (its cached download) out of the window. */
  startDrag(fileId: string): void;
}

export const BRIDGE_KEY = 'atelier';
