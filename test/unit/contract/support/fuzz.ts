/**
 * Seeded random and malformed payloads for fuzzing the contract (no dependencies).
 * Values are built from the contract's own field names so a share of them parse and reach
 * handlers; the rest hit every kind of validation failure.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = [
  'fileId', 'fileIds', 'paths', 'query', 'limit', 'offset', 'filter', 'sort', 'field', 'dir', 'types', 'scopes',
  'origins', 'toolTypes', 'createdFrom', 'createdTo', 'pinnedOnly', 'full', 'enabled', 'pinned', 'destPath',
  'uploadId', 'tool', 'params', 'fileParam', 'model', 'visual', 'voice', 'type', 'ref', 'kind', 'path', 'url',
  'voiceId', 'script', 'options', 'sync_mode', 'outputFileName', 'id', 'activeOnly', 'provider', 'key',
  'theme', 'notifications', 'uploadConcurrency', 'cacheCapBytes', 'libraryView', '__proto__', 'constructor',
  'prototype', 'toString', '', ' ', 'ünïcødé', 'a'.repeat(300),
];
const STRINGS = [
  '', 'x', 'vg_file_123', 'videogen', 'sync', 'generate-image', 'asc', 'desc', 'updated', 'IMAGE', 'VIDEO',
  'library', 'path', 'url', 'audio', 'text', 'video', 'image', 'dark', 'light', 'system', 'grid', 'list',
  '/tmp/a.png', 'https://example.com/a.mp4', 'not a url', '../../etc/passwd', '\u0000', '\ud800', '<script>',
  '%s%s%n', 'x'.repeat(5000), 'lipsync-2', 'sk_test_12345678', '__proto__', 'constructor',
];

export function randomValue(rand: () => number, depth = 0): unknown {
  const r = rand();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  if (depth > 4 || r < 0.35) {
    const p = rand();
    if (p < 0.3) return pick(STRINGS);
    if (p < 0.5) return pick([0, 1, -1, 0.5, 7, 200, 1001, 2 ** 53, -(2 ** 31), Number.MAX_VALUE, 1e21, NaN, Infinity, -0]);
    if (p < 0.65) return rand() < 0.5;
    if (p < 0.75) return null;
    if (p < 0.8) return undefined;
    if (p < 0.85) return BigInt(Math.floor(rand() * 1000));
    if (p < 0.9) return Symbol('fuzz');
    if (p < 0.95) return () => 'function';
    return new Date(Math.floor(rand() * 1e12));
  }
  if (r < 0.55) {
    const n = Math.floor(rand() * 6);
    return Array.from({ length: n }, () => randomValue(rand, depth + 1));
  }
  return randomObject(rand, depth + 1);
}

export function randomObject(rand: () => number, depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) {
    const k = FIELDS[Math.floor(rand() * FIELDS.length)]!;
    Object.defineProperty(o, k, { value: randomValue(rand, depth), enumerable: true, configurable: true, writable: true });
  }
  if (rand() < 0.03) {
    Object.defineProperty(o, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter exploded');
      },
    });
  }
  return o;
}

/** An input: mostly objects (the commands' shape), sometimes anything at all. */
export function randomInput(rand: () => number): unknown {
  return rand() < 0.8 ? randomObject(rand) : randomValue(rand);
}

/** JSON-able version for the wire (drops what JSON cannot carry). */
export function toWireJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return undefined;
  }
}
