/**
 * GetFilesResponseSchema's fast path (videogen-schemas.ts) must give exactly what zod gives:
 * the same success, the same output (values, key order), the same issues. Compared with a
 * clone of the schema (plain zod) on generated pages, valid and broken.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GetFilesResponseSchema } from '../../../main/api/videogen-schemas';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD: unknown[] = [undefined, null, '', ' ', 'x', 0, -0, -1, 1.5, 2 ** 53, 1e308, NaN, Infinity, true, false, {}, [],
  'https://a.b/c', 'javascript:alert(1)', 'ftp://x', ' https://x.y ', 'http://', 'IMAGE', 'ready', 'GLOBAL', 'FULFILLED', 150, -5, 42];

describe('GetFilesResponseSchema fast path', () => {
  it('matches plain zod on 20,000 generated pages, valid and broken', () => {
    const zod = GetFilesResponseSchema.clone();
    expect(zod.safeParse).not.toBe(GetFilesResponseSchema.safeParse);
    const r = rng(42);
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
    const drop = (o: Record<string, unknown>) => {
      for (const k of Object.keys(o)) if (o[k] === undefined && r() < 0.5) delete o[k];
      return o;
    };
    const source = () => drop({
      status: pick(['pending', 'ready', 'failed', 'skipped']),
      url: pick([null, '', 'https://cdn.example/a.jpg?sig=1', undefined]),
      expiresAt: pick([null, 0, 1_700_000_000, -3, undefined]),
      width: pick([320, null, undefined, 0]),
      height: pick([180, null, undefined]),
      fileBytes: pick([1234, null, undefined]),
      ...(r() < 0.1 ? { extra: 'y' } : {}),
    });
    const file = () => drop({
      fileId: `vg_file_${Math.floor(r() * 1e9)}`,
      scope: pick(['GLOBAL', 'PROJECT', 'EXPORT', 'TEMPORARY', 'ENTITY']),
      type: pick(['IMAGE', 'VIDEO', 'AUDIO', 'PDF', 'SLIDESHOW', null, undefined]),
      displayName: pick(['a.png', '', null, undefined]),
      description: pick(['desc', null, undefined]),
      durationSeconds: pick([4, 0, 2.5, null, undefined]),
      transcript: pick(['hello', null, undefined]),
      thumbnailSource: pick([source(), null, undefined]),
      previewSource: pick([source(), null, undefined]),
      downloadSource: pick([source(), null, undefined]),
      hlsSource: pick([source(), null, undefined]),
      isPublicPreviewEnabled: pick([true, false, null, undefined]),
      staticPublicPreviewSource: pick([source(), null, undefined]),
      publicHlsUrl: pick(['https://stream.example/x.m3u8', '', null, undefined]),
      publicPlaybackId: pick(['pb1', null, undefined]),
      sourceToolType: pick(['GENERATE_IMAGE', null, undefined]),
      sourceToolExecutionId: pick(['ex_1', null, undefined]),
      fileAnalysisMetadata: pick([
        drop({ analysisLoadingState: pick(['UNATTEMPTED', 'LOADING', 'FULFILLED', 'REJECTED']), analysisProgressPercentage: pick([0, 50, 100, 150, -3, 33.3]), analysisAttemptIndex: pick([0, 2, null, undefined]) }),
        null,
        undefined,
      ]),
      ...(r() < 0.05 ? { unknownKey: { a: 1 } } : {}),
    });
    const mutate = (x: unknown, depth = 0): unknown => {
      if (typeof x !== 'object' || x === null) return pick(WEIRD);
      const o: Record<string, unknown> = Array.isArray(x) ? ([...x] as unknown as Record<string, unknown>) : { ...(x as Record<string, unknown>) };
      const keys = Object.keys(o);
      if (keys.length === 0) return pick(WEIRD);
      const k = pick(keys);
      if (r() < 0.2) delete o[k];
      else o[k] = r() < 0.5 && depth < 4 ? mutate(o[k], depth + 1) : pick(WEIRD);
      return o;
    };
    let valid = 0;
    for (let n = 0; n < 20_000; n++) {
      let page: unknown = { files: Array.from({ length: 1 + Math.floor(r() * 3) }, file), hasMore: pick([true, false]), nextCursor: pick(['c1', '', null]) };
      if (r() < 0.5) page = mutate(page);
      if (r() < 0.2) page = mutate(page);
      const a = zod.safeParse(page);
      const b = GetFilesResponseSchema.safeParse(page);
      expect(b.success).toBe(a.success);
      if (a.success && b.success) {
        valid++;
        if (!isDeepStrictEqual(b.data, a.data) || JSON.stringify(b.data) !== JSON.stringify(a.data)) expect(b.data).toStrictEqual(a.data);
      } else if (!a.success && !b.success) {
        expect(b.error.issues).toEqual(a.error.issues);
      }
    }
    expect(valid).toBeGreaterThan(5_000);
  });
});
